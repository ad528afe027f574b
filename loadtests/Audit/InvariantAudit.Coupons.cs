using FlashSale.Api.V1;

namespace FlashSale.LoadTests.Audit;

internal sealed partial class InvariantAudit
{
    private static PoolAudit AuditPool(CouponPoolStatus status, AckLedger acks, List<Violation> violations)
    {
        var poolId = status.PoolId;
        var acked = acks.Claims.Where(c => c.PoolId == poolId).Select(c => c.UserId).Distinct(StringComparer.Ordinal).Count();
        if (status.Claimed > status.Total)
        {
            violations.Add(new Violation("coupon-overclaimed", $"pool {poolId}: claimed {status.Claimed} > total {status.Total}", [poolId]));
        }

        if (status.Redeemed > status.Claimed)
        {
            violations.Add(new Violation("coupon-overredeemed", $"pool {poolId}: redeemed {status.Redeemed} > claimed {status.Claimed}", [poolId]));
        }

        if (acked > status.Claimed)
        {
            violations.Add(new Violation("lost-claim", $"pool {poolId}: {acked} claims acknowledged but only {status.Claimed} stored", [poolId]));
        }

        return new PoolAudit(poolId, status.Total, status.Claimed, status.Redeemed, acked);
    }

    /// <summary>A coupon pays for at most one order (invariant 5).</summary>
    private static void AuditCouponRedemptions(Dictionary<string, IReadOnlyList<Order>> storedByDrop, List<Violation> violations)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var orders in storedByDrop.Values)
        {
            foreach (var order in orders)
            {
                if (order.State == OrderState.Paid && order.CouponId.Length > 0)
                {
                    seen[order.CouponId] = seen.GetValueOrDefault(order.CouponId) + 1;
                }
            }
        }

        var twice = seen.Where(kv => kv.Value > 1).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        if (twice.Count > 0)
        {
            violations.Add(new Violation("coupon-double-redeemed", $"{twice.Count} coupon(s) paid for more than one order", Cap(twice)));
        }
    }
}
