using System.Collections.Concurrent;
using System.Net;
using FlashSale.Client.Resilience;

namespace FlashSale.Client;

/// <summary>A connection to a FlashSale silo: the gRPC wire protocol over one HttpClient with HTTP/2
/// cleartext (prior knowledge). Thread-safe; create one per address and share it.</summary>
public sealed class FlashSaleChannel : IDisposable
{
    private readonly bool _disposeHttpClient;
    private readonly ConcurrentDictionary<object, Uri> _methodUris = new();

    private FlashSaleChannel(Uri address, FlashSaleChannelOptions options)
    {
        Address = address;
        Options = options;
        HttpClient = options.HttpClient ?? CreateHttpClient(options.MaxReceiveMessageSize);
        _disposeHttpClient = options.HttpClient is null || options.DisposeHttpClient;
        AdminHeaders = string.IsNullOrEmpty(options.AdminToken)
            ? null
            : [new KeyValuePair<string, string>("authorization", "Bearer " + options.AdminToken)];
        Retry = options.Retry is { } retry ? new UnaryRetry(retry) : null;
        CallInvoker = new CallInvoker(this);
    }

    /// <summary>The silo's base address, e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public Uri Address { get; }

    /// <summary>The settings the channel was created with.</summary>
    public FlashSaleChannelOptions Options { get; }

    /// <summary>The low-level invoker the typed clients call through.</summary>
    public CallInvoker CallInvoker { get; }

    internal HttpClient HttpClient { get; }

    internal IReadOnlyList<KeyValuePair<string, string>>? AdminHeaders { get; }

    internal UnaryRetry? Retry { get; }

    /// <summary>Creates a channel for an address such as <c>http://127.0.0.1:5000</c>.</summary>
    public static FlashSaleChannel ForAddress(string address, FlashSaleChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    /// <summary>Creates a channel for an absolute address.</summary>
    public static FlashSaleChannel ForAddress(Uri address, FlashSaleChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri)
        {
            throw new ArgumentException("The address must be absolute.", nameof(address));
        }

        return new FlashSaleChannel(address, options ?? new FlashSaleChannelOptions());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposeHttpClient)
        {
            HttpClient.Dispose();
        }
    }

    internal Uri GetUri(object method, string fullName) =>
        _methodUris.TryGetValue(method, out var uri)
            ? uri
            : _methodUris.GetOrAdd(method, new Uri(Address, fullName));

    private static HttpClient CreateHttpClient(int maxReceiveMessageSize)
    {
        var handler = new SocketsHttpHandler
        {
            // A stream's receive window that holds the largest message the channel accepts (and its
            // 5-byte prefix), within HTTP/2's 64 KB floor and SocketsHttpHandler's 16 MB cap: a reply
            // such as a 150 KB page of orders then arrives without waiting on WINDOW_UPDATE round trips.
            InitialHttp2StreamWindowSize = (int)Math.Clamp(maxReceiveMessageSize + 5L, 65_535, 16 * 1024 * 1024),
            // One HTTP/2 connection caps at the server's concurrent-stream limit (often 100);
            // load tests push far more calls in flight than that.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // Deadlines are per call (grpc-timeout); HttpClient's own timeout would turn them all into 100 s.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
