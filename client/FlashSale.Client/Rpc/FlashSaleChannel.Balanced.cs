using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Client;

public sealed partial class FlashSaleChannel
{
    /// <summary>Creates a channel over one or more silo addresses; with more than one, calls are spread
    /// round robin over the silos that are up (grpc-dotnet client-side load balancing) and, unless
    /// <see cref="FlashSaleChannelOptions.Retry"/> says otherwise, UNAVAILABLE is retried on another silo.
    /// One address gives exactly the channel of <see cref="ForAddress(Uri, FlashSaleChannelOptions?)"/>.</summary>
    public static FlashSaleChannel ForAddresses(IReadOnlyList<Uri> addresses, FlashSaleChannelOptions? options = null) =>
        ForTarget(ChannelTarget.ForAddresses(addresses), options);

    /// <summary>Creates a channel for <c>http://a:5000</c>, <c>http://a:5000,http://b:5000</c> or
    /// <c>dns:///silos.example:5000</c> (see <see cref="ChannelTarget.Parse"/>).</summary>
    public static FlashSaleChannel ForTarget(string target, FlashSaleChannelOptions? options = null) =>
        ForTarget(ChannelTarget.Parse(target), options);

    /// <summary>Creates a channel for a parsed target.</summary>
    public static FlashSaleChannel ForTarget(ChannelTarget target, FlashSaleChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new FlashSaleChannelOptions();
        if (target.IsBalanced && options.HttpClient is not null)
        {
            // A caller's HttpClient hides the connections from grpc-dotnet, which then cannot balance.
            throw new ArgumentException("A balanced channel (several addresses or dns:///) cannot use a supplied HttpClient.", nameof(options));
        }

        return new FlashSaleChannel(target, options);
    }

    private static readonly TimeSpan DefaultBalancedReconnectBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Retrying is on by default when there is another silo to retry on; every mutating call
    /// carries an idempotency key (or names the entity it creates), so a retry never makes a second effect.</summary>
    private static RetryOptions? EffectiveRetry(ChannelTarget target, FlashSaleChannelOptions options) =>
        options.Retry ?? (target.IsBalanced ? RetryOptions.Default : null);

    private static void SetReconnectBackoff(GrpcChannelOptions grpcOptions, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(max, TimeSpan.Zero, nameof(FlashSaleChannelOptions.MaxReconnectBackoff));
        grpcOptions.InitialReconnectBackoff = max < TimeSpan.FromSeconds(1) ? max : TimeSpan.FromSeconds(1);
        grpcOptions.MaxReconnectBackoff = max;
    }

    private static (GrpcChannel Channel, IDisposable Services) CreateBalanced(ChannelTarget target, FlashSaleChannelOptions options, GrpcChannelOptions grpcOptions)
    {
        var services = new ServiceCollection();
        string address;
        bool secure;
        if (target.Dns is { } dns)
        {
            // grpc-dotnet's resolver re-resolves when a subchannel fails; the periodic refresh also
            // finds silos added behind the name while all the known ones are healthy.
            services.AddSingleton<ResolverFactory>(new DnsResolverFactory(options.DnsRefreshInterval));
            address = dns.OriginalString;
            secure = false;
        }
        else
        {
            BalancerAddress[] addresses = [.. target.Addresses.Select(a => new BalancerAddress(a.DnsSafeHost, a.Port))];
            services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses));
            address = "static:///flashsale";
            secure = target.Addresses[0].Scheme == Uri.UriSchemeHttps;
        }

        var provider = services.BuildServiceProvider();
        grpcOptions.ServiceProvider = provider;
        grpcOptions.Credentials = secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        grpcOptions.ServiceConfig ??= new ServiceConfig();
        grpcOptions.ServiceConfig.LoadBalancingConfigs.Add(new RoundRobinConfig());
        // A refused connection puts the silo's subchannel in TransientFailure: the round robin picker
        // skips it and grpc-dotnet reconnects with exponential back-off. Its default cap (120 s) would keep
        // a restarted silo out of the rotation for up to two minutes.
        SetReconnectBackoff(grpcOptions, options.MaxReconnectBackoff ?? DefaultBalancedReconnectBackoff);
        var handler = CreateHandler(options.MaxReceiveMessageSize, options.ConnectTimeout);
        TrustServerCertificate(handler, options.TrustedServerCertificate);
        grpcOptions.HttpHandler = new ServerClosedConnectionHandler(handler);
        grpcOptions.DisposeHttpClient = true;
        try
        {
            return (GrpcChannel.ForAddress(address, grpcOptions), provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
