namespace FlashSale.Silo.Protocol;

/// <summary>
/// What a service method knows about its call (shaped like Grpc.Core's ServerCallContext so a
/// later swap to grpc-dotnet is mostly a change of usings). Tests may derive their own.
/// </summary>
public abstract class ServerCallContext
{
    /// <summary>The full method path, e.g. <c>/flashsale.v1.Shop/Grab</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The caller's address, e.g. <c>ipv4:127.0.0.1:51234</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>When the call's deadline expires (UTC); <see cref="DateTime.MaxValue"/> when the client set none.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>Fires when the deadline expires or the client cancels, resets the stream or disconnects.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>The client's custom request metadata (no pseudo-headers or transport headers).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Trailers sent with the final status; add to them before the method returns.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status the call ends with when the method returns normally (default OK).</summary>
    public abstract Status Status { get; set; }
}
