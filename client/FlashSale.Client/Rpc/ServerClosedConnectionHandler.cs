using System.Net;
using System.Net.Http.Headers;

namespace FlashSale.Client;

/// <summary>
/// Turns "the server closed the HTTP/2 connection gracefully before answering this call" into the
/// gRPC status UNAVAILABLE, so a retry policy and callers treat it as what it is: the silo is going
/// away (a rolling restart, a scale-in), try again, with the same idempotency key, elsewhere.
/// </summary>
/// <remarks>
/// A silo that stops sends GOAWAY with NO_ERROR, lets the calls it accepted finish and closes the
/// connection. A call whose HEADERS crossed that GOAWAY on the wire is neither answered nor refused
/// with REFUSED_STREAM: SocketsHttpHandler fails it with an <see cref="HttpProtocolException"/> whose
/// error code is NO_ERROR, and grpc-dotnet maps that code to INTERNAL ("Error starting gRPC call"),
/// which no retry policy retries. Seen in the rolling-restart test: 1 call in ~700. Only that failure
/// is translated, and only before any response arrived; every other error passes unchanged.
/// </remarks>
internal sealed class ServerClosedConnectionHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>The gRPC status message of a translated failure.</summary>
    public const string Message = "the server closed the connection before answering (shutting down); retry with the same idempotency key";

    /// <summary>HTTP/2's NO_ERROR (RFC 9113, section 7): a graceful close.</summary>
    private const long NoError = 0;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error) when (IsGracefulClose(error) && !cancellationToken.IsCancellationRequested)
        {
            return Unavailable(request);
        }
    }

    /// <summary>True when the connection carrying the request was closed by the server with NO_ERROR.</summary>
    internal static bool IsGracefulClose(HttpRequestException error) =>
        error.HttpRequestError == HttpRequestError.HttpProtocolError
        && error.InnerException is HttpProtocolException { ErrorCode: NoError };

    /// <summary>A trailers-only gRPC response (the status in the headers, no message) with UNAVAILABLE.</summary>
    private static HttpResponseMessage Unavailable(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Version = HttpVersion.Version20,
            RequestMessage = request,
            Content = new ByteArrayContent([]),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        response.Headers.TryAddWithoutValidation("grpc-status", "14");
        response.Headers.TryAddWithoutValidation("grpc-message", Message);
        return response;
    }
}
