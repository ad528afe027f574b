using FlashSale.Api.V1;
using FlashSale.Runtime;
using FlashSale.Runtime.Storage;

namespace FlashSale.Grains.Drop;

// Every change of an order is also staged as a row of the SQL "orders" table, written in the same
// transaction as the drop's state, so operators and the load-test audit can check a drop with SQL.
internal sealed partial class DropGrain
{
    private void StageOrderRow(Order order) =>
        _state.StageRow(StagedRowSchema.Orders.Name, new Dictionary<string, object?>
        {
            ["order_id"] = order.OrderId,
            ["drop_id"] = order.DropId,
            ["room_id"] = order.RoomId,
            ["user_id"] = order.UserId,
            ["quantity"] = order.Quantity,
            ["unit_price"] = order.UnitPrice,
            ["total_amount"] = order.TotalAmount,
            ["discount_amount"] = order.DiscountAmount,
            ["paid_amount"] = order.PaidAmount,
            // The C# enum name: PendingPayment, Paid, Refunded, Cancelled, Expired.
            ["state"] = order.State.ToString(),
            ["created_at"] = order.CreatedAt?.ToDateTimeOffset(),
            ["payment_deadline"] = order.PaymentDeadline?.ToDateTimeOffset(),
            ["paid_at"] = order.PaidAt?.ToDateTimeOffset(),
            ["coupon_id"] = order.CouponId.Length > 0 ? order.CouponId : null,
            ["updated_at"] = _time.GetUtcNow(),
        });
}
