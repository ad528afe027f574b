using FlashSale.Storage.Resilience;
using FlashSale.Storage.Sqlite;

namespace FlashSale.Storage.Hosting;

/// <summary>Where FlashSale keeps its grain state, domain rows and reminders.</summary>
public sealed class FlashSaleStorageOptions
{
    /// <summary>The embedded default: one SQLite file.</summary>
    public const string SqliteKind = "sqlite";

    /// <summary>PostgreSQL (production): Orleans' ADO.NET providers plus our domain stores.</summary>
    public const string PostgresKind = "postgres";

    /// <summary>Process memory (tests, demos): nothing survives a restart.</summary>
    public const string MemoryKind = "memory";

    /// <summary>"sqlite" (default), "postgres" or "memory".</summary>
    public string Kind { get; set; } = SqliteKind;

    /// <summary>The SQLite database file (kind "sqlite"); default <c>data/flashsale.db</c>.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", SqliteDatabase.DefaultFileName);

    /// <summary>SQLite only: sync the log to disk before each commit returns
    /// (<c>synchronous = FULL</c>), so an acknowledged write survives a power cut, not only a killed
    /// process. Off by default (<c>synchronous = NORMAL</c>). PostgreSQL is power-cut safe by its
    /// own settings (fsync, synchronous_commit on).</summary>
    public bool SqlitePowerCutSafe { get; set; }

    /// <summary>The PostgreSQL connection string (kind "postgres").</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Retries and circuit breaker around the durable stores.</summary>
    public StorageResilienceOptions Resilience { get; set; } = new();

    /// <summary>Also register the "flashsale" storage as the silo's default grain storage (default on).</summary>
    public bool UseAsDefaultGrainStorage { get; set; } = true;
}
