using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>A call context with a chosen peer and request headers, for limiter unit tests.</summary>
internal sealed class FakeCallContext(string peer, Metadata? headers = null) : ServerCallContext
{
    public override string Method => "/flashsale.v1.Shop/Grab";

    public override string Peer => peer;

    public override DateTime Deadline => DateTime.MaxValue;

    public override CancellationToken CancellationToken => CancellationToken.None;

    public override Metadata RequestHeaders { get; } = headers ?? [];

    public override Metadata ResponseTrailers { get; } = [];

    public override Status Status { get; set; }
}
