using System.CommandLine;
using FlashSale.Client;

namespace FlashSale.Cli.Infrastructure;

/// <summary>What one verb needs: clients bound to the chosen silo, the acting user, output settings.</summary>
internal sealed class CliContext : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly string? _user;
    private readonly string? _adminToken;

    private CliContext(ParseResult parse)
    {
        Parse = parse;
        _user = parse.GetValue(GlobalOptions.User);
        _adminToken = GlobalOptions.ResolveAdminToken(parse);
        Json = parse.GetValue(GlobalOptions.Json);
        var timeout = parse.GetValue(GlobalOptions.Timeout) is { } text
            ? Durations.Parse(text, "--timeout")
            : DefaultTimeout;
        var address = parse.GetValue(GlobalOptions.Address) ?? GlobalOptions.DefaultAddress;
        if (!ChannelTarget.TryParse(address, out var target, out var error))
        {
            throw new CliUsageException($"--address: {error}; give a URL such as {GlobalOptions.DefaultAddress}, a comma-separated list of them, or dns:///host:port.");
        }

        // Several addresses (or a DNS name) make a balanced channel that retries UNAVAILABLE on another silo.
        Channel = FlashSaleChannel.ForTarget(target, new FlashSaleChannelOptions
        {
            DefaultTimeout = timeout,
            AdminToken = _adminToken,
        });
        Shop = new ShopClient(Channel);
        Admin = new AdminClient(Channel);
        Health = new HealthClient(Channel);
    }

    public ParseResult Parse { get; }

    public FlashSaleChannel Channel { get; }

    public ShopClient Shop { get; }

    public AdminClient Admin { get; }

    public HealthClient Health { get; }

    public bool Json { get; }

    public TextWriter Out { get; } = Console.Out;

    /// <summary>The acting user; shopper verbs cannot run without one.</summary>
    public string User => _user ?? throw new CliUsageException("this verb needs --user (or FLASHSALE_USER).");

    /// <summary>Admin verbs fail early and clearly rather than with UNAUTHENTICATED.</summary>
    public AdminClient RequireAdmin() =>
        _adminToken is not null
            ? Admin
            : throw new CliUsageException($"admin verbs need --admin-token, FLASHSALE_ADMIN_TOKEN or ./{GlobalOptions.AdminTokenFile}.");

    public static CliContext Create(ParseResult parse) => new(parse);

    public void Dispose() => Channel.Dispose();
}
