using System.Collections.Concurrent;
using FlashSale.Storage.Domain;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>One SQLite database file shared by the grain storage, the domain stores and the reminder table: creates
/// the directory (0700), file (0600, and so its -wal and -shm) and schema once, then hands out pooled connections and, for the hot write
/// path, sessions that keep their prepared statements.</summary>
/// <remarks>Checkpoints (copying the write-ahead log into the database file, with an fsync) run off
/// the write path: connections do not checkpoint on commit; every <see cref="CheckpointEveryCommits"/>
/// commits a background task runs a passive checkpoint, which never blocks writers. A commit thus
/// costs appending to the log only, instead of every thousandth commit stalling its grain (and every
/// caller waiting on that grain's batch) for the checkpoint's fsync.
/// <para>A passive checkpoint copies the log but never starts it over: SQLite restarts the log only
/// when a write begins while the log is fully copied and no reader uses it, which sustained writes
/// (a hot drop commits every few milliseconds; a checkpoint's fsync alone takes longer) almost
/// never allow. The log then grows without bound (measured: 1 GB in a one-minute load test), and
/// with it the disk used and the time a restart after a crash spends reading the log. So when a
/// passive checkpoint finds more than the restart threshold in the log, a second passive one copies
/// what was appended meanwhile, then a restarting checkpoint holds writers back while it copies the
/// little left and syncs the file (milliseconds) and starts the log over; <c>journal_size_limit</c>
/// shrinks the file back. It waits at most <see cref="RestartBusyTimeoutMs"/> for the writer lock
/// and for readers, then gives up for <see cref="DefaultRestartBackoffMs"/>, so a long read cannot stall
/// writers (each attempt holds them back at most that long, plus the copy and an fsync).</para></remarks>
public sealed class SqliteDatabase
{
    /// <summary>Commits between two background checkpoints.</summary>
    public const int CheckpointEveryCommits = 64;

    /// <summary>Log frames (pages) above which a background checkpoint also restarts the log:
    /// 16,384 frames is 64 MB with SQLite's 4 KB pages.</summary>
    public const int DefaultRestartLogAboveFrames = 16_384;

    /// <summary>How long a restarting checkpoint waits for the writer lock and for readers.</summary>
    public const int RestartBusyTimeoutMs = 20;

    /// <summary>How long after a restart that could not finish the next one may be tried.</summary>
    public const int DefaultRestartBackoffMs = 1000;

    private const int BusyTimeoutMs = 5000;
    private const int MaxPooledSessions = 8;
    private const int PageSize = 4096; // SQLite's default, which this file keeps
    private readonly string _connectionString;
    private readonly int _restartLogAboveFrames;
    private readonly int _restartBackoffMs;
    private readonly string _synchronous;
    private readonly ConcurrentBag<SqliteSession> _sessions = [];
    private int _commitsSinceCheckpoint;
    private int _checkpointRunning;
    private long _checkpoints;
    private long _checkpointFailures;
    private long _logRestarts;
    private long _restartNotBefore;

    /// <param name="databasePath">The database file; its directory is created (0700) when missing.
    /// The file and its -wal/-shm files are made owner-only (0600) if they exist with looser modes.</param>
    /// <param name="restartLogAboveFrames">Log frames above which a checkpoint restarts the log
    /// (see the remarks); tests lower it to see restarts without writing 64 MB.</param>
    /// <param name="restartBackoffMs">How long after a restart that could not finish the next one
    /// may be tried; tests that write a few MB shorten it.</param>
    /// <param name="powerCutSafe">false (default): <c>synchronous = NORMAL</c>, a commit survives a
    /// killed process but the last commits can be lost to a power cut or an OS crash. true:
    /// <c>synchronous = FULL</c>, the log is synced to disk before each commit returns, so an
    /// acknowledged write also survives a power cut (one fsync per commit; group commit shares it
    /// among the writes of one batch).</param>
    public SqliteDatabase(string databasePath, int restartLogAboveFrames = DefaultRestartLogAboveFrames, int restartBackoffMs = DefaultRestartBackoffMs, bool powerCutSafe = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(restartLogAboveFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(restartBackoffMs);
        _restartLogAboveFrames = restartLogAboveFrames;
        _restartBackoffMs = restartBackoffMs;
        _synchronous = powerCutSafe ? "FULL" : "NORMAL";
        PowerCutSafe = powerCutSafe;
        DatabasePath = Path.GetFullPath(databasePath);
        var directory = Path.GetDirectoryName(DatabasePath);
        try
        {
            // Customers' data: a missing folder is created owner-only (an existing one is the
            // caller's; the silo makes its data folder owner-only itself).
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            {
                OwnerOnly.EnsureDirectory(directory);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"cannot create the directory of SQLite database '{DatabasePath}'", exception);
        }

        try
        {
            // SQLite creates the -wal and -shm files with the database file's permissions, so the
            // file is created 0600 before SQLite opens it; files left looser by an older version
            // are tightened.
            OwnerOnly.EnsureFile(DatabasePath);
            foreach (var suffix in (string[])["-wal", "-shm", "-journal"])
            {
                OwnerOnly.TightenFileIfExists(DatabasePath + suffix);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"cannot make SQLite database '{DatabasePath}' owner-only (mode 600)", exception);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        CreateSchema();
    }

    public string DatabasePath { get; }

    /// <summary>Whether each commit is synced to disk before it returns (<c>synchronous = FULL</c>).</summary>
    public bool PowerCutSafe { get; }

    /// <summary>Background checkpoints that completed (for tests and diagnostics).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Background checkpoints that failed; the next commits try again.</summary>
    public long CheckpointFailures => Interlocked.Read(ref _checkpointFailures);

    /// <summary>Times a background checkpoint started the log over because it had grown past the
    /// restart threshold (for tests and diagnostics).</summary>
    public long LogRestarts => Interlocked.Read(ref _logRestarts);

    /// <summary>Whether a background checkpoint is copying the log into the file right now.</summary>
    internal bool CheckpointInProgress => Volatile.Read(ref _checkpointRunning) != 0;

    /// <summary>The file name of the embedded default under a data directory.</summary>
    public const string DefaultFileName = "flashsale.db";

    /// <summary>A session from the pool, or a new one. Give it back with <see cref="ReturnAsync"/>.</summary>
    internal async ValueTask<SqliteSession> RentAsync(CancellationToken cancellationToken) =>
        _sessions.TryTake(out var session) ? session : new SqliteSession(await OpenAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Returns a session after use. A session whose last use failed is closed instead: its
    /// connection may be mid-transaction or broken.</summary>
    internal async ValueTask ReturnAsync(SqliteSession session, bool healthy)
    {
        if (healthy && _sessions.Count < MaxPooledSessions)
        {
            _sessions.Add(session);
            return;
        }

        await session.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Counts a commit and starts a background checkpoint when one is due.</summary>
    internal void Committed()
    {
        if (Interlocked.Increment(ref _commitsSinceCheckpoint) < CheckpointEveryCommits
            || Interlocked.CompareExchange(ref _checkpointRunning, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _commitsSinceCheckpoint, 0);
        _ = Task.Run(CheckpointAsync);
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
            var (_, logFrames) = await WalCheckpointAsync(connection, "PASSIVE").ConfigureAwait(false);
            Interlocked.Increment(ref _checkpoints);
            if (logFrames > _restartLogAboveFrames && Environment.TickCount64 >= Volatile.Read(ref _restartNotBefore))
            {
                await WalCheckpointAsync(connection, "PASSIVE").ConfigureAwait(false);
                if (await RestartLogAsync(connection).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _logRestarts);
                }
                else
                {
                    // Someone kept its place (a long read): each attempt holds writers back up to the
                    // busy timeout, so wait before the next rather than stall every 64 commits.
                    Volatile.Write(ref _restartNotBefore, Environment.TickCount64 + _restartBackoffMs);
                }
            }
        }
        catch (Exception exception) when (exception is SqliteException or StorageUnavailableException or IOException)
        {
            // Not fatal: the log keeps every commit and the next due checkpoint copies it.
            Interlocked.Increment(ref _checkpointFailures);
        }
        finally
        {
            Volatile.Write(ref _checkpointRunning, 0);
        }
    }

    // Holds writers back (SQLite's writer lock) while it copies what is left and starts the log
    // over. False when a writer or reader did not get out of the way in time (nothing changed then).
    private static async Task<bool> RestartLogAsync(SqliteConnection connection)
    {
        await SetBusyTimeoutAsync(connection, RestartBusyTimeoutMs).ConfigureAwait(false);
        try
        {
            // Busy is not a failure: the log stays as it is and a later checkpoint tries again.
            var (busy, _) = await WalCheckpointAsync(connection, "RESTART").ConfigureAwait(false);
            return !busy;
        }
        finally
        {
            // The connection goes back to the pool: leave it as every other one is.
            await SetBusyTimeoutAsync(connection, BusyTimeoutMs).ConfigureAwait(false);
        }
    }

    private static async Task SetBusyTimeoutAsync(SqliteConnection connection, int milliseconds)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds}";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    // wal_checkpoint answers one row: busy (1 when it could not finish), frames in the log, frames copied.
    private static async Task<(bool Busy, long LogFrames)> WalCheckpointAsync(SqliteConnection connection, string mode)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false)
            ? (reader.GetInt64(0) != 0, reader.GetInt64(1))
            : (true, 0);
    }

    /// <summary>Opens a pooled connection with the per-connection settings applied.</summary>
    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();

            // busy_timeout is per connection: concurrent writers wait for the lock instead of failing.
            // No checkpoint on commit (wal_autocheckpoint = 0): see the remarks on this class.
            pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = {_synchronous}; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA journal_size_limit = {(long)_restartLogAboveFrames * PageSize};";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException exception)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw SqliteErrors.Map(exception, DatabasePath);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Files created before a column existed get it added (SQLite has no ADD COLUMN IF NOT EXISTS).
    private static void AddMissingColumns(SqliteConnection connection)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('orders') WHERE name = 'idempotency_key'";
        if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE orders ADD COLUMN idempotency_key TEXT";
            alter.ExecuteNonQuery();
        }
    }

    private void CreateSchema()
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();

            // WAL lets readers proceed during a write; with synchronous=NORMAL a commit survives a
            // process kill (only an OS crash can lose the last commits).
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS grain_state (
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (grain_type, grain_key)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS reminders (
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    name TEXT NOT NULL,
                    due_ticks INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, name)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS reminders_due ON reminders (due_ticks);
                -- Orleans' reminder entries (start, period, etag, ring hash), which the older
                -- "reminders" table (one due time per reminder) cannot carry; that table is left as it is.
                CREATE TABLE IF NOT EXISTS orleans_reminders (
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    reminder_name TEXT NOT NULL,
                    start_ticks INTEGER NOT NULL,
                    period_ticks INTEGER NOT NULL,
                    grain_hash INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, reminder_name)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS orleans_reminders_hash ON orleans_reminders (grain_hash);
                CREATE TABLE IF NOT EXISTS orders (
                    order_id TEXT NOT NULL PRIMARY KEY,
                    drop_id TEXT, room_id TEXT, user_id TEXT,
                    quantity INTEGER, unit_price INTEGER, total_amount INTEGER, discount_amount INTEGER, paid_amount INTEGER,
                    state TEXT,
                    created_at TEXT, payment_deadline TEXT, paid_at TEXT,
                    coupon_id TEXT,
                    updated_at TEXT,
                    idempotency_key TEXT
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS orders_user ON orders (user_id);
                -- A drop's orders are read through the order_id key range (ids are "{drop_id}/{n}"),
                -- so no (drop_id, state) index: every grab paid for it and nothing needed it.
                DROP INDEX IF EXISTS orders_drop_state;
                CREATE TABLE IF NOT EXISTS wallet_ledger (
                    user_id TEXT NOT NULL,
                    entry_id TEXT NOT NULL,
                    amount INTEGER, balance_after INTEGER,
                    kind TEXT, reference TEXT,
                    at TEXT,
                    PRIMARY KEY (user_id, entry_id)
                ) WITHOUT ROWID;
                """;
            command.ExecuteNonQuery();
            AddMissingColumns(connection);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, DatabasePath);
        }
    }
}
