using Microsoft.Data.Sqlite;

namespace FlashSale.Runtime.Storage.Sqlite;

/// <summary>One SQLite database file shared by the grain-state and reminder providers: creates
/// the directory, file and schema once, then hands out pooled connections.</summary>
public sealed class SqliteDatabase
{
    private const int BusyTimeoutMs = 5000;
    private readonly string _connectionString;

    public SqliteDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        var directory = Path.GetDirectoryName(DatabasePath);
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"cannot create the directory of SQLite database '{DatabasePath}'", exception);
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

    /// <summary>Opens a pooled connection with the per-connection settings applied.</summary>
    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();

            // busy_timeout is per connection: concurrent writers wait for the lock instead of failing.
            pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = NORMAL;";
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
                CREATE INDEX IF NOT EXISTS orders_drop_state ON orders (drop_id, state);
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
