using Microsoft.Extensions.Logging;

namespace FlashSale.Storage.Resilience;

/// <summary>Log messages of the storage resilience layer.</summary>
internal static partial class StorageResilienceLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Storage unavailable; retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "Storage circuit opened for {BreakDuration}: calls fail fast as unavailable")]
    public static partial void CircuitOpened(ILogger logger, TimeSpan breakDuration, Exception? exception);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Storage circuit closed: storage is back")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Write to {Target} whose outcome was unknown had committed; treated as success")]
    public static partial void UnknownWriteCommitted(ILogger logger, string target);
}
