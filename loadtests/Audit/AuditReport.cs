namespace FlashSale.LoadTests.Audit;

/// <summary>One broken invariant, with the ids a person needs to look at.</summary>
internal sealed record Violation(string Kind, string Message, IReadOnlyList<string> Ids);

/// <summary>One drop as the server stored it, against what our clients were told.</summary>
internal sealed record DropAudit(
    string DropId,
    int Quantity,
    int Sold,
    int Reserved,
    int Oversold,
    int AckedOrders,
    int StoredOrders,
    int LostAcks,
    int PerUserLimitViolations);

/// <summary>One coupon pool's counters.</summary>
internal sealed record PoolAudit(string PoolId, int Total, int Claimed, int Redeemed, int AckedClaims);

/// <summary>One red-envelope rain: its counters, the claims acknowledged and what the wallets were credited.</summary>
internal sealed record RainAudit(string RainId, long TotalAmount, int Count, int Claimed, long ClaimedAmount, int AckedClaims, long Credited);

/// <summary>The audit's result: any violation fails the run whatever the thresholds say.</summary>
internal sealed record AuditReport(
    IReadOnlyList<DropAudit> Drops,
    IReadOnlyList<PoolAudit> Pools,
    int WalletsChecked,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<RainAudit>? Rains = null)
{
    public bool Passed => Violations.Count == 0;

    public DropAudit Totals() => new(
        Drops.Count == 1 ? Drops[0].DropId : $"{Drops.Count} drops",
        Drops.Sum(d => d.Quantity),
        Drops.Sum(d => d.Sold),
        Drops.Sum(d => d.Reserved),
        Drops.Sum(d => d.Oversold),
        Drops.Sum(d => d.AckedOrders),
        Drops.Sum(d => d.StoredOrders),
        Drops.Sum(d => d.LostAcks),
        Drops.Sum(d => d.PerUserLimitViolations));
}

/// <summary>What to audit: the run's drops and pools, and each shopper's starting balance
/// (null when the runner did not fund the wallets and cannot know it); its red-envelope rains and
/// the users whose wallets they may have credited (wallets that start empty).</summary>
internal sealed record AuditPlan(
    IReadOnlyList<string> DropIds,
    IReadOnlyList<string> PoolIds,
    long? CreditPerUser,
    IReadOnlyList<string>? RainIds = null,
    IReadOnlyList<string>? RainUsers = null);
