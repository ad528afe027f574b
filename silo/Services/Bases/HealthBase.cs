using FlashSale.Silo.Protocol;
using Grpc.Health.V1;

namespace FlashSale.Silo.Services.Bases;

/// <summary>
/// Base of the standard health service <c>grpc.health.v1.Health</c> (protos/grpc/health/v1/health.proto).
/// Written by hand in the shape of grpc-dotnet's generated base: override the methods you
/// serve; the rest answer UNIMPLEMENTED.
/// </summary>
[BindServiceMethod(typeof(HealthBase), nameof(BindService))]
public abstract class HealthBase
{
    /// <summary>The fully qualified service name.</summary>
    public const string ServiceName = "grpc.health.v1.Health";

    /// <summary>Unary <c>Check</c>.</summary>
    public virtual Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(Check));

    /// <summary>Server-streaming <c>Watch</c>.</summary>
    public virtual Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context) =>
        throw Unimplemented(nameof(Watch));

    /// <summary>Binds every method of <paramref name="service"/> to <paramref name="binder"/>.</summary>
    public static void BindService(ServiceBinder binder, HealthBase service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        ArgumentNullException.ThrowIfNull(service);
        binder.AddUnaryMethod<HealthCheckRequest, HealthCheckResponse>(ServiceName, nameof(Check), HealthCheckRequest.Parser, service.Check);
        binder.AddServerStreamingMethod<HealthCheckRequest, HealthCheckResponse>(ServiceName, nameof(Watch), HealthCheckRequest.Parser, service.Watch);
    }

    private static RpcException Unimplemented(string method) =>
        new(new Status(StatusCode.Unimplemented, $"Method {ServiceName}/{method} is unimplemented."));
}
