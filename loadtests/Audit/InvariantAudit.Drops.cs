using FlashSale.Api.V1;

namespace FlashSale.LoadTests.Audit;

internal sealed partial class InvariantAudit
{
    private const int MaxIdsListed = 100;

    private static DropAudit AuditDrop(DropStatus status, IReadOnlyList<Order> stored, AckLedger acks, List<Violation> violations)
    {
        var dropId = status.DropId;
        var byId = new Dictionary<string, Order>(stored.Count, StringComparer.Ordinal);
        var heldByUser = new Dictionary<string, int>(StringComparer.Ordinal);
        var heldUnits = 0;
        foreach (var order in stored)
        {
            byId[order.OrderId] = order;
            if (Holds(order))
            {
                heldUnits += order.Quantity;
                heldByUser[order.UserId] = heldByUser.GetValueOrDefault(order.UserId) + order.Quantity;
            }
        }

        // Either view of the stock may be the one that is wrong: the counters or the orders.
        var claimed = Math.Max(status.Sold + status.Reserved, heldUnits);
        var oversold = Math.Max(0, claimed - status.Quantity);
        if (oversold > 0)
        {
            violations.Add(new Violation(
                "oversold",
                $"drop {dropId}: sold {status.Sold} + reserved {status.Reserved} (orders hold {heldUnits}) > quantity {status.Quantity}",
                [dropId]));
        }

        var lost = new List<string>();
        var acked = 0;
        foreach (var grab in acks.Grabs)
        {
            if (grab.DropId != dropId)
            {
                continue;
            }

            acked++;
            if (!byId.ContainsKey(grab.OrderId))
            {
                lost.Add(grab.OrderId);
            }
        }

        if (lost.Count > 0)
        {
            violations.Add(new Violation("lost-ack", $"drop {dropId}: {lost.Count} acknowledged grab(s) have no stored order", Cap(lost)));
        }

        var lostPayments = new List<string>();
        foreach (var payment in acks.Payments)
        {
            if (payment.DropId == dropId && !(byId.TryGetValue(payment.OrderId, out var order) && WasPaid(order)))
            {
                lostPayments.Add(payment.OrderId);
            }
        }

        if (lostPayments.Count > 0)
        {
            violations.Add(new Violation("lost-payment", $"drop {dropId}: {lostPayments.Count} acknowledged payment(s) are not paid on the server", Cap(lostPayments)));
        }

        var overLimit = new List<string>();
        foreach (var (user, units) in heldByUser)
        {
            if (units > status.PerUserLimit)
            {
                overLimit.Add(user);
            }
        }

        overLimit.Sort(StringComparer.Ordinal);
        if (overLimit.Count > 0)
        {
            violations.Add(new Violation("per-user-limit", $"drop {dropId}: {overLimit.Count} user(s) hold more than the limit of {status.PerUserLimit}", Cap(overLimit)));
        }

        return new DropAudit(dropId, status.Quantity, status.Sold, status.Reserved, oversold, acked, stored.Count, lost.Count, overLimit.Count);
    }

    private static List<string> Cap(List<string> ids) => ids.Count <= MaxIdsListed ? ids : ids.GetRange(0, MaxIdsListed);
}
