using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using FlashSale.Testing;
using Google.Protobuf;

namespace FlashSale.Silo.Tests.Protocol;

/// <summary>
/// A deliberately dumb gRPC client on HttpClient (HTTP/2 prior knowledge) that sends hand-made
/// bytes, so tests can break the framing on purpose.
/// </summary>
internal sealed class RawGrpcClient : IDisposable
{
    private readonly HttpClient _http;

    public RawGrpcClient(Uri address)
    {
        _http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public HttpRequestMessage CreateRequest(string path, byte[] body, string contentType = "application/grpc", string? timeout = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (timeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        }

        return request;
    }

    /// <summary>Sends one request and reads the whole response, trailers included.</summary>
    public async Task<RawGrpcResponse> CallAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ForceHttp2(request);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).WithTimeout();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).WithTimeout();
        return RawGrpcResponse.From(response, body);
    }

    public Task<RawGrpcResponse> CallAsync(string path, byte[] body, string? timeout = null) =>
        CallAsync(CreateRequest(path, body, timeout: timeout));

    /// <summary>Starts a call and hands back the live response for incremental reads.</summary>
    public Task<HttpResponseMessage> StartAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ForceHttp2(request);
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).WithTimeout();
    }

    /// <summary>Reads the next length-prefixed message payload from a response body, or null at its end.</summary>
    public static async Task<byte[]?> ReadMessageAsync(Stream body, CancellationToken cancellationToken = default)
    {
        var header = new byte[5];
        if (!await ReadExactlyOrEndAsync(body, header, cancellationToken))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
        if (!await ReadExactlyOrEndAsync(body, payload, cancellationToken) && payload.Length > 0)
        {
            throw new InvalidDataException("The response ended inside a message.");
        }

        return payload;
    }

    public void Dispose() => _http.Dispose();

    // Only the HttpClient convenience methods apply the defaults; a hand-built message must say HTTP/2 itself.
    private static void ForceHttp2(HttpRequestMessage request)
    {
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken).AsTask().WithTimeout();
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
