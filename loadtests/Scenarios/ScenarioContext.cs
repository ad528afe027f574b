using FlashSale.Client;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>What a scenario works with: one shop client per channel (calls are spread over
/// channels, so over HTTP/2 connections and silos), the admin client for setup and audit, the
/// stats, the ack ledger and the shopper ids (built once, so the hot path allocates none).</summary>
internal sealed class ScenarioContext
{
    private readonly ShopClient[] _shops;
    private readonly HealthClient[] _health;
    private long _cursor;

    public ScenarioContext(RunOptions options, IReadOnlyList<FlashSaleChannel> channels, AdminClient admin, string runId)
    {
        ArgumentNullException.ThrowIfNull(channels);
        Options = options;
        Admin = admin;
        RunId = runId;
        _shops = [.. channels.Select(c => new ShopClient(c))];
        _health = [.. channels.Select(c => new HealthClient(c))];
        Users = [.. Enumerable.Range(0, options.Users).Select(i => $"{runId}-u{i}")];
        Call = FlashSaleCallOptions.WithTimeout(options.CallTimeout);
    }

    public RunOptions Options { get; }

    public AdminClient Admin { get; }

    /// <summary>Prefix of every id this run creates, so runs against one silo never collide.</summary>
    public string RunId { get; }

    public IReadOnlyList<string> Users { get; }

    public FlashSaleCallOptions Call { get; }

    public AckLedger Acks { get; } = new();

    /// <summary>Set by the runner once the scenario's steps are known.</summary>
    public RunStats Stats { get; set; } = null!;

    public ShopClient Shop(int slot) => _shops[(uint)slot % (uint)_shops.Length];

    public ShopClient AnyShop => _shops[0];

    public HealthClient Health(int slot) => _health[(uint)slot % (uint)_health.Length];

    /// <summary>The next shopper, round robin over all of them.</summary>
    public int NextUser() => (int)((ulong)Interlocked.Increment(ref _cursor) % (ulong)Users.Count);
}
