using Microsoft.Extensions.Logging;

namespace FlashSale.Grains.Rain;

internal static partial class RainLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Envelope rain {RainId} in room {RoomId}: {Count} envelopes, {Total} fen")]
    public static partial void Started(ILogger logger, string rainId, string roomId, int count, long total);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Envelope rain {RainId} ended: {Claimed} envelopes, {Amount} fen claimed")]
    public static partial void Ended(ILogger logger, string rainId, int claimed, long amount);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Envelope rain {RainId}: crediting {Count} claims whose credit was not recorded")]
    public static partial void CreditingAgain(ILogger logger, string rainId, int count);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Envelope rain {RainId}: claims still to credit; the next claim or the end reminder retries")]
    public static partial void CreditsPending(ILogger logger, string rainId, Exception exception);
}
