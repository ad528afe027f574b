using FlashSale.Client;
using Microsoft.AspNetCore.Builder;

namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>
/// The whole silo (SiloApp.Build) in this process on real Kestrel, bound to free loopback ports,
/// with its own data folder and admin token. It can be stopped and started again on the same
/// data folder (new ports, same state) and deletes everything on dispose.
/// </summary>
internal sealed partial class TestSilo : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(40);

    private readonly TestSiloOptions _options;
    private readonly TempDirectory _data;
    private readonly List<FlashSaleChannel> _extraChannels = [];
    private WebApplication? _app;
    private FlashSaleChannel? _channel;

    private TestSilo(TestSiloOptions options)
    {
        _options = options;
        _data = new TempDirectory("flashsale-silo");
        AdminToken = "e2e-" + Guid.NewGuid().ToString("N");
        OperatorToken = "ops-" + Guid.NewGuid().ToString("N");
    }

    public string DataDirectory => _data.Path;

    public string AdminToken { get; }

    /// <summary>The read-only operator token the silo is started with.</summary>
    public string OperatorToken { get; }

    /// <summary>Mints shopper tokens the silo accepts (see <see cref="TestAuth"/>).</summary>
    public ShopperTokens Tokens => TestAuth.Tokens;

    /// <summary>The gRPC (HTTP/2 cleartext) endpoint, e.g. http://127.0.0.1:41234/.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The HTTP/1.1 endpoint (/healthz).</summary>
    public Uri HttpAddress { get; private set; } = null!;

    public bool IsRunning => _app is not null;

    public FlashSaleChannel Channel => _channel ?? throw new InvalidOperationException("The silo is not running.");

    public ShopClient Shop => new(Channel);

    public AdminClient Admin => new(Channel);

    public HealthClient Health => new(Channel);

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The silo is not running.");

    public static async Task<TestSilo> StartAsync(TestSiloOptions? options = null)
    {
        var silo = new TestSilo(options ?? new TestSiloOptions());
        try
        {
            await silo.StartCoreAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>A channel with its own HttpClient, hence its own HTTP/2 connection(s); disposed with the silo.</summary>
    public FlashSaleChannel CreateChannel()
    {
        var channel = FlashSaleChannel.ForAddress(GrpcAddress, TestAuth.ChannelOptions(AdminToken, trusted: _options.TrustedCertificate));
        lock (_extraChannels)
        {
            _extraChannels.Add(channel);
        }

        return channel;
    }
}
