using FlashSale.Silo.Redis;
using FlashSale.Silo.Services.Health;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace FlashSale.Silo.Hosting;

/// <summary>GET /healthz on the HTTP/1.1 endpoint: 200 while serving, 503 otherwise; a second
/// line gives Redis' state when one is configured.</summary>
internal static class HealthEndpoint
{
    public static IResult Handle(HealthService health)
    {
        var serving = health.GetStatus("") == ServingStatus.Serving;
        var text = serving ? "serving\n" : "not serving\n";

        // Redis is optional and the silo sells without it: its outage shows here but keeps the 200.
        text += health.GetStatus(RedisHealth.ServiceName) switch
        {
            ServingStatus.Serving => "redis: ok\n",
            null => string.Empty,
            _ => "redis: degraded\n",
        };
        return Results.Text(text, "text/plain",
            statusCode: serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
