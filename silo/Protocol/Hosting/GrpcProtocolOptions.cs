namespace FlashSale.Silo.Protocol;

/// <summary>Options of the gRPC protocol layer.</summary>
public sealed class GrpcProtocolOptions
{
    /// <summary>The largest request message accepted, in bytes (default 4 MiB); null means no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest response message sent, in bytes (default: no limit).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Maps an exception a service method threw to a status (e.g. an engine overload to
    /// RESOURCE_EXHAUSTED). Return an RpcException (status plus trailers, e.g. a retry hint) or null to fall back to INTERNAL with a generic message; the
    /// exception's own text is never sent to the client.
    /// </summary>
    public Func<Exception, RpcException?>? ExceptionMapper { get; set; }
}
