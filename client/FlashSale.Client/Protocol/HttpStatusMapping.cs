using System.Net;

namespace FlashSale.Client.Protocol;

/// <summary>Maps transport-level failures to gRPC status codes.</summary>
internal static class HttpStatusMapping
{
    /// <summary>grpc/grpc doc/http-grpc-status-mapping.md, for responses that carry no <c>grpc-status</c>.
    /// 415 is added: it means the peer is not a gRPC server for this content type, a protocol failure.</summary>
    public static RpcStatusCode FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        >= 100 and < 200 => RpcStatusCode.Internal,
        400 or 415 or 431 => RpcStatusCode.Internal,
        401 => RpcStatusCode.Unauthenticated,
        403 => RpcStatusCode.PermissionDenied,
        404 => RpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => RpcStatusCode.Unavailable,
        _ => RpcStatusCode.Unknown,
    };

    /// <summary>PROTOCOL-HTTP2 "Errors": the status a client reports when the stream is reset with an
    /// HTTP/2 error code (RFC 9113 section 7).</summary>
    public static RpcStatusCode FromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => RpcStatusCode.Unavailable, // REFUSED_STREAM: not processed, safe to retry
        0x8 => RpcStatusCode.Cancelled, // CANCEL
        0xB => RpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => RpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => RpcStatusCode.Internal,
    };
}
