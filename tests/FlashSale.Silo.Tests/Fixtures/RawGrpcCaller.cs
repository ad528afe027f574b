using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using FlashSale.Testing;
using Google.Protobuf;

namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>Sends hand-made request bodies over HTTP/2 cleartext, to break gRPC framing on purpose,
/// and reports the grpc-status from the trailers or from Trailers-Only headers.</summary>
internal sealed class RawGrpcCaller(Uri grpcAddress) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = grpcAddress,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>A length-prefixed message: flag byte, big-endian length, payload.</summary>
    public static byte[] Frame(byte[] payload, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public async Task<RawGrpcResult> CallAsync(string path, byte[] body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var content = await response.Content.ReadAsByteArrayAsync().WithTimeout();
        return new RawGrpcResult(
            response.StatusCode,
            Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status"),
            Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message"),
            content);
    }

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}

/// <summary>What came back: the HTTP status, the gRPC status and message, and the raw body.</summary>
internal sealed record RawGrpcResult(HttpStatusCode HttpStatus, string? GrpcStatus, string? GrpcMessage, byte[] Body)
{
    public override string ToString() => $"http {(int)HttpStatus}, grpc-status {GrpcStatus ?? "<none>"}, grpc-message {GrpcMessage ?? "<none>"}";
}
