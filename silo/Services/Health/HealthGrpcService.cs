using Grpc.Core;
using Grpc.Health.V1;

namespace FlashSale.Silo.Services.Health;

/// <summary>
/// <c>grpc.health.v1.Health</c> as served: Check and Watch are Grpc.HealthCheck's standard
/// <see cref="Grpc.HealthCheck.HealthServiceImpl"/> (kept up to date by <see cref="HealthService"/>);
/// this only ends open Watch streams with UNAVAILABLE once the silo starts draining (see
/// <see cref="Draining"/>), after they were told NOT_SERVING.
/// </summary>
public sealed class HealthGrpcService(HealthService health, IHostApplicationLifetime lifetime) : Grpc.Health.V1.Health.HealthBase
{
    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        health.Grpc.Check(request, context);

    public override Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context) =>
        Draining.RunAsync(context, lifetime.ApplicationStopping, linked => health.Grpc.Watch(request, responseStream, linked));
}
