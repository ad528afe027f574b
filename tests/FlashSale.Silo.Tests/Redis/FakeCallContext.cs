using Grpc.Core;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>A call context with a chosen peer and request headers, for limiter unit tests.</summary>
internal sealed class FakeCallContext(string peer, Metadata? headers = null) : ServerCallContext
{
    protected override string MethodCore => "/flashsale.v1.Shop/Grab";

    protected override string HostCore => "localhost";

    protected override string PeerCore => peer;

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = headers ?? [];

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
