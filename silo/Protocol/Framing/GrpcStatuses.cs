namespace FlashSale.Silo.Protocol;

/// <summary>Statuses the protocol layer itself produces; immutable, so allocated once.</summary>
internal static class GrpcStatuses
{
    // statuscodes.md: a request cardinality violation is UNIMPLEMENTED.
    public static readonly Status NoRequestMessage = new(StatusCode.Unimplemented, "No request message was received for a unary request.");
    public static readonly Status ExtraRequestMessage = new(StatusCode.Unimplemented, "More than one request message was received for a unary request.");
    public static readonly Status IncompleteMessage = new(StatusCode.Internal, "Incomplete message.");
    // statuscodes.md: an error parsing the request proto is INTERNAL (grpc-java, grpc-dotnet and C-core agree).
    public static readonly Status InvalidMessage = new(StatusCode.Internal, "Failed to deserialize the request message.");
    public static readonly Status ReceiveTooLarge = new(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size.");
    public static readonly Status SendTooLarge = new(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size.");
    public static readonly Status CompressedWithoutEncoding = new(StatusCode.Internal, "Request sent a compressed message without a supported grpc-encoding.");
    public static readonly Status UnsupportedEncoding = new(StatusCode.Unimplemented, "Unsupported grpc-encoding: only identity is accepted.");
    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    /// <summary>A long-lived call ended because the server is draining: clients reconnect elsewhere.</summary>
    public static readonly Status ShuttingDown = new(StatusCode.Unavailable, "The server is shutting down.");
    public static readonly Status Cancelled = new(StatusCode.Cancelled, "Call cancelled by the client.");
    public static readonly Status HandlerFailed = new(StatusCode.Internal, "Exception was thrown by handler.");
    public static readonly Status UnknownService = new(StatusCode.Unimplemented, "Service is unimplemented.");
    public static readonly Status UnknownMethod = new(StatusCode.Unimplemented, "Method is unimplemented.");

    /// <summary>Sent with <see cref="UnsupportedEncoding"/> so the client knows what to use instead.</summary>
    public static readonly Metadata AcceptIdentity = new Metadata().Add(GrpcHeaders.AcceptEncoding, "identity").MakeReadOnly();

    private static readonly string[] CodeStrings = [.. Enumerable.Range(0, 17).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The <c>grpc-status</c> header value without formatting an int per call.</summary>
    public static string ToHeaderValue(StatusCode code)
    {
        var i = (int)code;
        return (uint)i < (uint)CodeStrings.Length ? CodeStrings[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
