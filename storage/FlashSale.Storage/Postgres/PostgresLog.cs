using Microsoft.Extensions.Logging;

namespace FlashSale.Storage.Postgres;

/// <summary>Log messages of the PostgreSQL provider.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "PostgreSQL migration {Version} applied")]
    public static partial void MigrationApplied(ILogger logger, string version);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "PostgreSQL schema is up to date ({Count} migrations)")]
    public static partial void SchemaUpToDate(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "PostgreSQL migration at start failed; storage calls will retry it")]
    public static partial void MigrationAtStartFailed(ILogger logger, Exception exception);
}
