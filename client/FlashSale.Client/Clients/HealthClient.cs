using Grpc.Health.V1;

namespace FlashSale.Client;

/// <summary>Typed client of the standard <c>grpc.health.v1.Health</c> service, over the generated
/// <see cref="Health.HealthClient"/>.</summary>
public sealed class HealthClient
{
    /// <summary>The service name.</summary>
    public const string ServiceName = "grpc.health.v1.Health";

    private readonly FlashSaleChannel _channel;

    /// <summary>Creates a client on a channel.</summary>
    public HealthClient(FlashSaleChannel channel)
    {
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        Generated = new Health.HealthClient(channel.GrpcChannel);
    }

    /// <summary>The generated client this one wraps.</summary>
    public Health.HealthClient Generated { get; }

    /// <summary>The serving status of <paramref name="service"/> ("" is the whole server).</summary>
    public async Task<HealthCheckResponse> CheckAsync(string service = "", FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.CheckAsync(
            new HealthCheckRequest { Service = service },
            _channel.CallOptions(options, unary: true, authorization: null, cancellationToken)).ConfigureAwait(false);

    /// <summary>The current status, then every change, until cancelled (no default deadline).</summary>
    public IAsyncEnumerable<HealthCheckResponse> Watch(string service = "", FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        var callOptions = _channel.CallOptions(options, unary: false, authorization: null, cancellationToken);
        var request = new HealthCheckRequest { Service = service };
        return ServerStreams.ReadAllAsync(() => Generated.Watch(request, callOptions), cancellationToken);
    }
}
