using FlashSale.Api.V1;

namespace FlashSale.Cli.Infrastructure;

/// <summary>One clear sentence per business result.</summary>
internal static class ResultText
{
    public static string Explain(ResultCode result) => result switch
    {
        ResultCode.Ok => "done",
        ResultCode.SoldOut => "no units left",
        ResultCode.NotStarted => "the drop has not opened yet",
        ResultCode.Ended => "the drop is closed",
        ResultCode.LimitReached => "per-user limit reached for this drop",
        ResultCode.InsufficientBalance => "wallet balance is too low",
        ResultCode.CouponGone => "no coupons left in this pool",
        ResultCode.AlreadyClaimed => "a coupon from this pool was already claimed",
        ResultCode.CouponNotApplicable => "the coupon does not apply to this order",
        ResultCode.OrderNotPending => "the order is not waiting for payment",
        ResultCode.OrderExpired => "the payment window has passed",
        ResultCode.EarlyAccessOnly => "only members of a higher tier may grab now",
        ResultCode.IdempotencyKeyReused => "the idempotency key was used before with different arguments",
        ResultCode.NotRefundable => "the order cannot be refunded",
        ResultCode.AlreadyExists => "it already exists",
        ResultCode.RoomEnded => "the room has ended",
        ResultCode.ReturnWindowClosed => "the return window (7 days after payment by default) has closed",
        ResultCode.DropPaused => "the drop is paused; try again when it resumes",
        ResultCode.WrongPassword => "the rain's chat password is missing or wrong",
        ResultCode.EnvelopesGone => "every envelope of this rain was claimed",
        _ => "the server returned no result",
    };
}
