using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;

namespace FlashSale.LoadTests.Tests.Audit;

/// <summary>A rain of 3 envelopes, 100 fen: alice got 60, bob 30, carol nothing yet. Every test but
/// the first corrupts one thing the envelope-rain audit must catch.</summary>
public sealed class RainAuditTests
{
    private const string RainId = "r1";
    private readonly FakeServerView _server = new();
    private readonly AckLedger _acks = new();
    private readonly AuditPlan _plan = new([], [], null, [RainId], ["alice", "bob", "carol"]);

    public RainAuditTests()
    {
        _server.Rains[RainId] = new EnvelopeRainStatus { RainId = RainId, TotalAmount = 100, Count = 3, Claimed = 2, ClaimedAmount = 90 };
        _server.Wallets["alice"] = Wallet("alice", 60);
        _server.Wallets["bob"] = Wallet("bob", 30);
        _server.Wallets["carol"] = Wallet("carol");
        _acks.EnvelopeClaimed(RainId, "alice", 60);
        _acks.EnvelopeClaimed(RainId, "bob", 30);
    }

    private static WalletReply Wallet(string user, params long[] credits)
    {
        var wallet = new WalletReply { UserId = user, Balance = credits.Sum() };
        foreach (var amount in credits)
        {
            wallet.Entries.Add(new LedgerEntry { Kind = "credit", Reference = "rain:" + RainId, Amount = amount });
        }

        return wallet;
    }

    private Task<AuditReport> RunAsync() => new InvariantAudit(_server).RunAsync(_plan, _acks, CancellationToken.None);

    [Fact]
    public async Task Audit_ConsistentRain_Passes()
    {
        var report = await RunAsync();

        Assert.True(report.Passed, string.Join("; ", report.Violations.Select(v => v.Message)));
        var rain = Assert.Single(report.Rains!);
        Assert.Equal((2, 90L, 2, 90L), (rain.Claimed, rain.ClaimedAmount, rain.AckedClaims, rain.Credited));
    }

    [Fact]
    public async Task Audit_ClaimedMoreThanTotal_IsRainOverclaimed()
    {
        _server.Rains[RainId].ClaimedAmount = 101;

        Assert.Contains((await RunAsync()).Violations, v => v.Kind == "rain-overclaimed");
    }

    [Fact]
    public async Task Audit_UserToldOkTwice_IsRainDoubleClaim()
    {
        _acks.EnvelopeClaimed(RainId, "bob", 30);

        Assert.Contains((await RunAsync()).Violations, v => v.Kind == "rain-double-claim" && v.Ids.Contains("bob"));
    }

    [Fact]
    public async Task Audit_WalletCreditedTwice_IsRainDoubleCreditAndCreditMismatch()
    {
        _server.Wallets["bob"] = Wallet("bob", 30, 30);

        var kinds = (await RunAsync()).Violations.Select(v => v.Kind).ToList();
        Assert.Contains("rain-double-credit", kinds);
        Assert.Contains("rain-credit-mismatch", kinds);
    }

    [Fact]
    public async Task Audit_AcknowledgedClaimNotCredited_IsLostClaim()
    {
        _server.Wallets["bob"] = Wallet("bob");

        Assert.Contains((await RunAsync()).Violations, v => v.Kind == "lost-claim" && v.Ids.Contains("bob"));
    }

    [Fact]
    public async Task Audit_BalanceNotMatchingLedger_IsWalletMismatch()
    {
        _server.Wallets["carol"].Balance = 5;

        Assert.Contains((await RunAsync()).Violations, v => v.Kind == "wallet-mismatch" && v.Ids.Contains("carol"));
    }
}
