using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace FlashSale.Client;

/// <summary>A connection to FlashSale: one <see cref="Grpc.Net.Client.GrpcChannel"/> (HTTP/2 cleartext for
/// http:// addresses) with the settings of <see cref="FlashSaleChannelOptions"/>, to one silo
/// (<see cref="ForAddress(Uri, FlashSaleChannelOptions?)"/>) or balanced over several
/// (<see cref="ForAddresses"/>, <see cref="ForTarget(string, FlashSaleChannelOptions?)"/>). Thread-safe;
/// create one per target and share it. The typed clients (<see cref="ShopClient"/>,
/// <see cref="AdminClient"/>, <see cref="HealthClient"/>) are thin wrappers over the generated ones on
/// <see cref="GrpcChannel"/>; errors surface as <see cref="RpcException"/>.</summary>
public sealed partial class FlashSaleChannel : IDisposable
{
    private readonly IDisposable? _services;

    private FlashSaleChannel(ChannelTarget target, FlashSaleChannelOptions options)
    {
        Target = target;
        Address = target.Dns ?? target.Addresses[0];
        Options = options;
        var retry = EffectiveRetry(target, options);
        var grpcOptions = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = options.MaxReceiveMessageSize,
            ServiceConfig = retry?.ToServiceConfig(),
            // grpc-dotnet caps every policy's attempts at this (5 by default).
            MaxRetryAttempts = Math.Max(5, retry?.MaxAttempts ?? 0),
        };
        if (target.IsBalanced)
        {
            (GrpcChannel, _services) = CreateBalanced(target, options, grpcOptions);
            AdminAuthorization = string.IsNullOrEmpty(options.AdminToken) ? null : "Bearer " + options.AdminToken;
            CallInvoker = CreateCallInvoker(GrpcChannel, options);
            return;
        }

        if (options.HttpClient is { } httpClient)
        {
            grpcOptions.HttpClient = httpClient;
            grpcOptions.DisposeHttpClient = options.DisposeHttpClient;
        }
        else
        {
            var handler = CreateHandler(options.MaxReceiveMessageSize, options.ConnectTimeout);
            TrustServerCertificate(handler, options.TrustedServerCertificate);
            grpcOptions.HttpHandler = new ServerClosedConnectionHandler(handler);
            grpcOptions.DisposeHttpClient = true;
        }

        if (options.MaxReconnectBackoff is { } maxBackoff)
        {
            SetReconnectBackoff(grpcOptions, maxBackoff);
        }

        GrpcChannel = GrpcChannel.ForAddress(Address, grpcOptions);
        AdminAuthorization = string.IsNullOrEmpty(options.AdminToken) ? null : "Bearer " + options.AdminToken;
        CallInvoker = CreateCallInvoker(GrpcChannel, options);
    }

    /// <summary>The channel's invoker, with the shopper's bearer token added to Shop calls when the
    /// options give one.</summary>
    private static CallInvoker CreateCallInvoker(GrpcChannel channel, FlashSaleChannelOptions options) =>
        options.ShopperToken is null && options.ShopperTokenProvider is null
            ? channel.CreateCallInvoker()
            : channel.CreateCallInvoker().Intercept(new ShopperAuthInterceptor(options));

    /// <summary>The silo's base address, e.g. <c>http://127.0.0.1:5000</c>; of a balanced channel, its
    /// <c>dns:///</c> address or the first address of its list.</summary>
    public Uri Address { get; }

    /// <summary>Every silo address (or the DNS name) the channel balances over.</summary>
    public ChannelTarget Target { get; }

    /// <summary>True when calls are spread round robin over several silos.</summary>
    public bool IsBalanced => Target.IsBalanced;

    /// <summary>The settings the channel was created with.</summary>
    public FlashSaleChannelOptions Options { get; }

    /// <summary>The underlying channel, for the generated clients themselves
    /// (<c>new Shop.ShopClient(channel.GrpcChannel)</c>) when the typed clients do not fit.</summary>
    public GrpcChannel GrpcChannel { get; }

    /// <summary>The channel's call invoker with the shopper's token added to Shop calls
    /// (<see cref="FlashSaleChannelOptions.ShopperToken"/>, <see cref="FlashSaleChannelOptions.ShopperTokenProvider"/>):
    /// <c>new Shop.ShopClient(channel.CallInvoker)</c> authenticates, <c>channel.GrpcChannel</c> does not.</summary>
    public CallInvoker CallInvoker { get; }

    /// <summary>The <c>authorization</c> value of admin calls, from <see cref="FlashSaleChannelOptions.AdminToken"/>.</summary>
    internal string? AdminAuthorization { get; }

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

        return new FlashSaleChannel(ChannelTarget.Single(address), options ?? new FlashSaleChannelOptions());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        GrpcChannel.Dispose();
        _services?.Dispose();
    }

    /// <summary>The grpc-dotnet options of one call: the deadline (the explicit one, else for unary calls
    /// the channel's <see cref="FlashSaleChannelOptions.DefaultTimeout"/>), the headers (plus
    /// <paramref name="authorization"/> unless the call sets its own) and the cancellation token.</summary>
    internal CallOptions CallOptions(FlashSaleCallOptions? options, bool unary, string? authorization, CancellationToken cancellationToken)
    {
        var value = options ?? default;
        return new CallOptions(
            headers: Headers(value.Headers, authorization),
            deadline: Deadline(value, unary ? Options.DefaultTimeout : null),
            cancellationToken: cancellationToken);
    }

    private static DateTime? Deadline(FlashSaleCallOptions options, TimeSpan? defaultTimeout)
    {
        if (options.Timeout is { } timeout)
        {
            return timeout == Timeout.InfiniteTimeSpan ? null : DateTime.UtcNow + timeout;
        }

        return options.Deadline is { } deadline
            ? deadline.ToUniversalTime()
            : defaultTimeout is { } fallback ? DateTime.UtcNow + fallback : null;
    }

    private static Metadata? Headers(IReadOnlyList<KeyValuePair<string, string>>? extra, string? authorization)
    {
        if (extra is null or { Count: 0 })
        {
            return authorization is null ? null : new Metadata { { "authorization", authorization } };
        }

        var headers = new Metadata();
        var hasAuthorization = false;
        foreach (var (name, value) in extra)
        {
            hasAuthorization |= string.Equals(name, "authorization", StringComparison.OrdinalIgnoreCase);
            headers.Add(name, value);
        }

        if (authorization is not null && !hasAuthorization)
        {
            headers.Add("authorization", authorization);
        }

        return headers;
    }

    private static void TrustServerCertificate(SocketsHttpHandler handler, X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return;
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust };
        policy.CustomTrustStore.Add(certificate);
        handler.SslOptions.CertificateChainPolicy = policy;
    }

    private static SocketsHttpHandler CreateHandler(int maxReceiveMessageSize, TimeSpan connectTimeout) => new()
    {
        // A stream's receive window that holds the largest message the channel accepts (and its
        // 5-byte prefix), within HTTP/2's 64 KB floor and SocketsHttpHandler's 16 MB cap: a reply
        // such as a 150 KB page of orders then arrives without waiting on WINDOW_UPDATE round trips
        // (see README, Load tests, on the audit page that once stalled).
        InitialHttp2StreamWindowSize = (int)Math.Clamp(maxReceiveMessageSize + 5L, 65_535, 16 * 1024 * 1024),
        // One HTTP/2 connection caps at the server's concurrent-stream limit (often 100);
        // load tests push far more calls in flight than that.
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        // Pings keep idle connections (a quiet room watch) alive through NATs and find dead peers.
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        ConnectTimeout = connectTimeout,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    };
}
