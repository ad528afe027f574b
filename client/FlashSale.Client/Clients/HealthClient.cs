using Grpc.Health.V1;

namespace FlashSale.Client;

/// <summary>Typed client of the standard <c>grpc.health.v1.Health</c> service.</summary>
public sealed class HealthClient
{
    /// <summary>The service name.</summary>
    public const string ServiceName = "grpc.health.v1.Health";

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> CheckMethod =
        new(MethodType.Unary, ServiceName, "Check", HealthCheckResponse.Parser);

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> WatchMethod =
        new(MethodType.ServerStreaming, ServiceName, "Watch", HealthCheckResponse.Parser);

    private readonly CallInvoker _invoker;

    /// <summary>Creates a client on a channel.</summary>
    public HealthClient(FlashSaleChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _invoker = channel.CallInvoker;
    }

    /// <summary>The serving status of <paramref name="service"/> ("" is the whole server).</summary>
    public Task<HealthCheckResponse> CheckAsync(string service = "", CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(CheckMethod, new HealthCheckRequest { Service = service }, options ?? default, cancellationToken);

    /// <summary>The current status, then every change, until cancelled.</summary>
    public IAsyncEnumerable<HealthCheckResponse> Watch(string service = "", CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.ServerStreaming(WatchMethod, new HealthCheckRequest { Service = service }, options ?? default, cancellationToken);
}
