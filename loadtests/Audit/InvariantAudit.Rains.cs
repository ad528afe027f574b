using FlashSale.Api.V1;

namespace FlashSale.LoadTests.Audit;

internal sealed partial class InvariantAudit
{
    // WalletGrain keeps this many recent entries in the wallet's reply; a wallet with fewer shows
    // its whole ledger, so its entries must add up to its balance.
    private const int RecentLedgerEntries = 50;

    /// <summary>A rain: claimed ≤ count and claimed sum ≤ total; each user acknowledged at most once
    /// and credited at most once, with the acknowledged amount; the rain's credits across every
    /// wallet add up to what the rain says was claimed; and each wallet's ledger adds up to its
    /// balance (when it starts empty, as the runner's rain users do).</summary>
    private async Task<RainAudit> AuditRainAsync(EnvelopeRainStatus status, IReadOnlyList<string> users, AckLedger acks, List<Violation> violations, CancellationToken cancellationToken)
    {
        var rainId = status.RainId;
        var reference = "rain:" + rainId;
        if (status.Claimed > status.Count || status.ClaimedAmount > status.TotalAmount)
        {
            violations.Add(new Violation("rain-overclaimed", $"rain {rainId}: claimed {status.Claimed}/{status.Count} envelopes, {status.ClaimedAmount}/{status.TotalAmount} fen", [rainId]));
        }

        var acked = acks.EnvelopeClaims.Where(c => c.RainId == rainId).GroupBy(c => c.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var twice = acked.Where(kv => kv.Value.Count > 1).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        if (twice.Count > 0)
        {
            violations.Add(new Violation("rain-double-claim", $"rain {rainId}: {twice.Count} user(s) were told OK more than once", Cap(twice)));
        }

        if (acked.Count > status.Claimed || acked.Values.Sum(a => a[0].Amount) > status.ClaimedAmount)
        {
            violations.Add(new Violation("lost-claim", $"rain {rainId}: {acked.Count} claims acknowledged, {status.Claimed} stored", [rainId]));
        }

        var wallets = await ReadWalletsAsync(users, cancellationToken);
        var credited = 0L;
        var doubleCredit = new List<string>();
        var lost = new List<string>();
        var mismatched = new List<string>();
        var unreadable = new List<string>();
        for (var i = 0; i < users.Count; i++)
        {
            if (wallets[i] is not { } wallet)
            {
                unreadable.Add(users[i]);
                continue;
            }

            var credits = wallet.Entries.Where(e => e.Reference == reference).ToList();
            credited += credits.Sum(e => e.Amount);
            if (credits.Count > 1)
            {
                doubleCredit.Add(users[i]);
            }

            if (acked.TryGetValue(users[i], out var mine) && (credits.Count == 0 || credits[0].Amount != mine[0].Amount))
            {
                lost.Add(users[i]);
            }

            if (wallet.Balance < 0 || (wallet.Entries.Count < RecentLedgerEntries && wallet.Entries.Sum(e => e.Amount) != wallet.Balance))
            {
                mismatched.Add(users[i]);
            }
        }

        AddIfAny(violations, "rain-double-credit", doubleCredit, $"rain {rainId}: wallet(s) credited more than once");
        AddIfAny(violations, "lost-claim", lost, $"rain {rainId}: acknowledged claim(s) not credited with their amount");
        AddIfAny(violations, "wallet-mismatch", mismatched, "wallet(s) whose ledger does not add up to the balance");
        AddIfAny(violations, "audit-unreadable", unreadable, "wallet(s) could not be read");
        if (unreadable.Count == 0 && credited != status.ClaimedAmount)
        {
            violations.Add(new Violation("rain-credit-mismatch", $"rain {rainId}: wallets were credited {credited} fen, the rain counts {status.ClaimedAmount}", [rainId]));
        }

        return new RainAudit(rainId, status.TotalAmount, status.Count, status.Claimed, status.ClaimedAmount, acked.Count, credited);
    }

    private async Task<WalletReply?[]> ReadWalletsAsync(IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        var wallets = new WalletReply?[users.Count];
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(users.Select(async (user, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                wallets[i] = await server.GetWalletAsync(user, cancellationToken);
            }
            catch (Grpc.Core.RpcException)
            {
                wallets[i] = null;
            }
            finally
            {
                gate.Release();
            }
        }));
        return wallets;
    }

    private static void AddIfAny(List<Violation> violations, string kind, List<string> users, string what)
    {
        if (users.Count > 0)
        {
            violations.Add(new Violation(kind, $"{users.Count} {what}", Cap(users)));
        }
    }
}
