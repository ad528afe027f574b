using FlashSale.Silo.Services.Health;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace FlashSale.Silo.Hosting;

/// <summary>GET /healthz on the HTTP/1.1 endpoint: 200 while serving, 503 otherwise.</summary>
internal static class HealthEndpoint
{
    public static IResult Handle(HealthService health)
    {
        var serving = health.GetStatus("") == ServingStatus.Serving;
        return Results.Text(serving ? "serving\n" : "not serving\n", "text/plain",
            statusCode: serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
