using Microsoft.Extensions.Logging;

namespace FlashSale.Grains.Shoppers;

internal static partial class ShopperLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Shopper {UserId} could not resume its unfinished payments")]
    public static partial void ResumeFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Shopper {UserId} resumed payment {IdempotencyKey} of order {OrderId}")]
    public static partial void PaymentResumed(ILogger logger, string userId, string idempotencyKey, string orderId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Payment of order {OrderId} by {UserId} compensated: {Result}")]
    public static partial void PaymentCompensated(ILogger logger, string userId, string orderId, string result);
}
