using Microsoft.Extensions.Logging;

namespace FlashSale.Runtime.Logging;

/// <summary>Every log line of the engine, source-generated with fixed event ids.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Activation of {GrainId} failed")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Deactivated {GrainId} ({Reason})")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} ({Reason}) failed or timed out")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, DeactivationReason reason, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Inconsistent state in {GrainId}: another activation wrote first; deactivating")]
    public static partial void InconsistentState(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Timer tick of {GrainId} dropped: mailbox full")]
    public static partial void TimerTickDropped(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Timer callback of {GrainId} failed")]
    public static partial void TimerFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Reminder {Name} of {GrainId} failed; retrying on a later poll")]
    public static partial void ReminderFailed(ILogger logger, GrainId grainId, string name, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Reading due reminders failed")]
    public static partial void ReminderPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Reminder {Name} targets {GrainId}, whose grain type is not registered")]
    public static partial void ReminderForUnknownGrain(ILogger logger, GrainId grainId, string name);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Grain runtime shutting down: deactivating {Count} activations")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Grain runtime shutdown timed out with {Count} activations left")]
    public static partial void ShutdownTimedOut(ILogger logger, int count);
}
