using FlashSale.Api.V1;
using FlashSale.Client;

namespace FlashSale.LoadTests.Audit;

/// <summary>
/// Compares what the clients were told (<see cref="AckLedger"/>) with what the server stored
/// (<see cref="IServerView"/>): every acknowledged grab and payment exists, sold + reserved never
/// exceeds quantity, no user holds more than the per-user limit, wallets were debited exactly
/// the paid totals, and coupons redeemed ≤ claimed ≤ pool. The invariants are DESIGN.md's 1–5.
/// </summary>
internal sealed partial class InvariantAudit(IServerView server, int parallelism = 16)
{
    /// <summary>Audits; when only wallets mismatch, audits once more after <paramref name="settle"/>: a payment
    /// cut short by a silo's death is completed by the shopper grain when it next activates — the audit's own
    /// wallet read wakes it — so the first pass can read the order before it is marked paid and the wallet
    /// after it was debited. A real mismatch is still there on the second pass.</summary>
    public async Task<AuditReport> RunAsync(AuditPlan plan, AckLedger acks, CancellationToken cancellationToken, TimeSpan? settle = null)
    {
        var report = await RunOnceAsync(plan, acks, cancellationToken);
        if (settle is { } delay && report.Violations.Count > 0 && report.Violations.All(v => v.Kind == "wallet-mismatch"))
        {
            await Task.Delay(delay, cancellationToken);
            report = await RunOnceAsync(plan, acks, cancellationToken);
        }

        return report;
    }

    private async Task<AuditReport> RunOnceAsync(AuditPlan plan, AckLedger acks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(acks);
        var violations = new List<Violation>();
        var drops = new List<DropAudit>();
        var storedByDrop = new Dictionary<string, IReadOnlyList<Order>>(StringComparer.Ordinal);
        foreach (var dropId in plan.DropIds)
        {
            var stored = await TryAsync(() => server.ListDropOrdersAsync(dropId, cancellationToken), violations, dropId);
            var status = await TryAsync(() => server.GetDropAsync(dropId, cancellationToken), violations, dropId);
            if (stored is null || status is null)
            {
                continue;
            }

            storedByDrop[dropId] = stored;
            drops.Add(AuditDrop(status, stored, acks, violations));
        }

        var walletsChecked = plan.CreditPerUser is { } credit
            ? await AuditWalletsAsync(credit, storedByDrop, acks, violations, cancellationToken)
            : 0;

        var pools = new List<PoolAudit>();
        foreach (var poolId in plan.PoolIds)
        {
            var status = await TryAsync(() => server.GetCouponPoolAsync(poolId, cancellationToken), violations, poolId);
            if (status is not null)
            {
                pools.Add(AuditPool(status, acks, violations));
            }
        }

        AuditCouponRedemptions(storedByDrop, violations);
        return new AuditReport(drops, pools, walletsChecked, violations);
    }

    /// <summary>A state the audit cannot read is a failed audit, never a silent pass.</summary>
    private static async Task<T?> TryAsync<T>(Func<Task<T>> read, List<Violation> violations, string id)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (Grpc.Core.RpcException ex)
        {
            violations.Add(new Violation("audit-unreadable", $"could not read {id}: {ex.Message}", [id]));
            return null;
        }
    }

    private static bool Holds(Order order) => order.State is OrderState.PendingPayment or OrderState.Paid;

    private static bool WasPaid(Order order) => order.State is OrderState.Paid or OrderState.Refunded;
}
