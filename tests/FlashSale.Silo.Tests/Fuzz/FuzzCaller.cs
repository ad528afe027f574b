using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace FlashSale.Silo.Tests.Fuzz;

/// <summary>
/// Sends fuzz inputs to a silo and judges each answer: a gRPC call must end with a grpc-status
/// trailer (or Trailers-Only header) holding a known code (0-16) — or, for a request that is not
/// gRPC at all, HTTP 415; for a path that names no method ("/", "/svc/"), HTTP 404 — or be refused at the HTTP/2 level (stream reset, connection error). Raw
/// connections must get only well-formed HTTP/2 frames back.
/// </summary>
internal sealed class FuzzCaller(Uri grpcAddress) : IDisposable
{
    /// <summary>Longest wait for any answer. A live WatchRoom stream may stay open this long (its
    /// deadline header may be one of the broken ones); anything else must have answered.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(8);

    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    // An empty SETTINGS frame: the rest of the client preface.
    private static readonly byte[] EmptySettings = [0, 0, 0, 4, 0, 0, 0, 0, 0];

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true })
    {
        BaseAddress = grpcAddress,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);

    /// <summary>How the inputs were answered so far ("grpc 3", "http 400", "reset", "raw", ...), for the test's output.</summary>
    public string Outcomes => string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}"));

    /// <summary>Sends <paramref name="input"/>; returns null when the answer is acceptable, else why not.</summary>
    public Task<string?> SendAsync(FuzzCase input) =>
        input.RawFrames is { } frames ? SendRawAsync(frames) : SendGrpcAsync(input);

    public void Dispose() => _http.Dispose();

    private async Task<string?> SendGrpcAsync(FuzzCase input)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        // A request message made by hand does not take the client's default version: HTTP/2 is set here.
        using var request = new HttpRequestMessage(HttpMethod.Post, input.Path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(input.Body),
        };
        if (input.ContentType.Length > 0)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(input.ContentType);
        }

        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in input.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var status = Value(response.TrailingHeaders, "grpc-status") ?? Value(response.Headers, "grpc-status");
            Count(status is null ? $"http {(int)response.StatusCode}" : $"grpc {status}");
            if (response.StatusCode == HttpStatusCode.UnsupportedMediaType && !input.ContentType.StartsWith("application/grpc", StringComparison.Ordinal))
            {
                return null;
            }

            if (response.StatusCode == HttpStatusCode.NotFound && !NamesAMethod(input.Path))
            {
                return null;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode} for a gRPC request";
            }

            return int.TryParse(status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= 16
                ? null
                : $"no valid grpc-status (got '{status ?? "<none>"}')";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Count("open stream");
            return input.IsStream ? null : $"no answer within {AnswerTimeout}";
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            // RST_STREAM / GOAWAY: the server refused the request at the HTTP/2 level.
            Count("reset");
            return null;
        }
    }

    // gRPC paths are "/{service}/{method}"; grpc-dotnet answers UNIMPLEMENTED for unknown ones of
    // that shape, and ASP.NET Core routing 404 for anything else.
    private static bool NamesAMethod(string path) =>
        path.Length > 1 && path[0] == '/' && path.IndexOf('/', 1) is var slash && slash > 1 && slash < path.Length - 1 && path.IndexOf('/', slash + 1) < 0;

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    private async Task<string?> SendRawAsync(byte[] frames)
    {
        Count("raw connection");
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, grpcAddress.Port), timeout.Token);
        await socket.SendAsync((byte[])[.. Preface, .. EmptySettings, .. frames], timeout.Token);
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var reset = false;
        try
        {
            // The server answers what it can parse; give it a moment, then read until it closes or goes quiet.
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            quiet.CancelAfter(TimeSpan.FromMilliseconds(300));
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, quiet.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
        {
            // Quiet but open: fine (an unknown frame type is ignored, as HTTP/2 says).
        }
        catch (SocketException)
        {
            // Reset after a GOAWAY: the kernel may drop the GOAWAY we had not read yet when the reset arrives.
            reset = true;
        }

        return reset && received.Length == 0 ? null : CheckFrames(received.ToArray());
    }

    /// <summary>Null when <paramref name="bytes"/> is a sequence of whole HTTP/2 frames starting
    /// with the server's SETTINGS, with only known frame types and GOAWAY error codes.</summary>
    private static string? CheckFrames(byte[] bytes)
    {
        var offset = 0;
        var first = true;
        while (offset + 9 <= bytes.Length)
        {
            var length = (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
            var type = bytes[offset + 3];
            if (first && type != 4)
            {
                return $"the server's first frame is type {type}, not SETTINGS";
            }

            if (type > 9)
            {
                return $"the server sent an unknown frame type {type}";
            }

            if (offset + 9 + length > bytes.Length)
            {
                break; // cut by our reading deadline
            }

            if (type == 7 && length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 9 + 4)) > 0xd)
            {
                return "GOAWAY with an unknown error code";
            }

            first = false;
            offset += 9 + length;
        }

        return bytes.Length == 0 ? "the server sent nothing, not even its SETTINGS" : null;
    }

    private static string? Value(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
