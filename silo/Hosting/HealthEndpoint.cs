using FlashSale.Storage.Resilience;
using FlashSale.Silo.Redis;
using FlashSale.Silo.Services.Health;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace FlashSale.Silo.Hosting;

/// <summary>GET /healthz on the HTTP/1.1 endpoint: 200 while serving, 503 otherwise; further
/// lines give Redis' state (when configured) and storage's.</summary>
internal static class HealthEndpoint
{
    public static IResult Handle(HealthService health, IServiceProvider services)
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
        // Storage down means calls fail fast with UNAVAILABLE until the circuit closes again.
        if (services.GetService<StorageResilience>() is { } storage)
        {
            text += storage.IsCircuitOpen ? "storage: unavailable (circuit open)\n" : "storage: ok\n";
        }

        return Results.Text(text, "text/plain",
            statusCode: serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
