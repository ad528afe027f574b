using FlashSale.Api.V1;

namespace FlashSale.Cli.Infrastructure;

/// <summary>One-line human descriptions of the API's entities.</summary>
internal static class Describe
{
    public static string Room(RoomStatus room) =>
        $"room {room.RoomId} \"{room.Title}\" {Output.Name(room.State)}, {room.Viewers} viewers, {room.Drops.Count} drops";

    public static string Drop(DropStatus drop) =>
        $"drop {drop.DropId} \"{drop.Title}\" {Output.Name(drop.State)} {Output.Money(drop.UnitPrice)} " +
        $"{Output.Bar(drop.Remaining, drop.Quantity)} remaining {drop.Remaining}/{drop.Quantity} " +
        $"(sold {drop.Sold}, reserved {drop.Reserved}), limit {drop.PerUserLimit}/user, opens {Output.Time(drop.OpensAt)}" +
        (drop.ClosesAt is null ? string.Empty : $", closes {Output.Time(drop.ClosesAt)}");

    public static string Order(Order order)
    {
        var line = $"order {order.OrderId} {Output.Name(order.State)} drop {order.DropId} x{order.Quantity} " +
            $"total {Output.Money(order.TotalAmount)}";
        if (order.DiscountAmount != 0)
        {
            line += $" discount {Output.Money(order.DiscountAmount)}";
        }

        if (order.State == OrderState.PendingPayment)
        {
            line += $" pay by {Output.Time(order.PaymentDeadline)}";
        }
        else if (order.State is OrderState.Paid or OrderState.Refunded or OrderState.Returned)
        {
            line += $" paid {Output.Money(order.PaidAmount)}";
        }

        return order.CouponId.Length > 0 ? line + $" coupon {order.CouponId}" : line;
    }

    public static string Coupon(Coupon coupon)
    {
        var what = coupon.Kind switch
        {
            CouponKind.ThresholdOff => $"{Output.Money(coupon.AmountOff)} off orders from {Output.Money(coupon.Threshold)}",
            CouponKind.AmountOff => $"{Output.Money(coupon.AmountOff)} off",
            CouponKind.PercentOff => $"{coupon.PercentOff}% off",
            _ => "unknown kind",
        };
        var used = coupon.RedeemedByOrderId.Length > 0 ? $" (used by {coupon.RedeemedByOrderId})" : string.Empty;
        return $"coupon {coupon.CouponId} from {coupon.PoolId}: {what}, valid until {Output.Time(coupon.ValidUntil)}{used}";
    }

    public static string Pool(CouponPoolStatus pool) =>
        $"pool {pool.PoolId} {Output.Name(pool.Kind)} amount-off {Output.Money(pool.AmountOff)} threshold {Output.Money(pool.Threshold)} " +
        $"percent {pool.PercentOff}%: claimed {pool.Claimed}/{pool.Total}, redeemed {pool.Redeemed}";

    public static void Wallet(TextWriter output, WalletReply wallet)
    {
        output.WriteLine($"wallet {wallet.UserId}: balance {Output.Money(wallet.Balance)}");
        foreach (var entry in wallet.Entries)
        {
            output.WriteLine($"  {Output.Time(entry.At)} {entry.Kind,-8} {Output.Money(entry.Amount),12} → {Output.Money(entry.BalanceAfter)} {entry.Reference}");
        }

        foreach (var coupon in wallet.Coupons)
        {
            output.WriteLine("  " + Coupon(coupon));
        }
    }
}
