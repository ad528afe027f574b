using System.Text;
using FlashSale.Storage.Domain;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>The blocklist ("abuse_blocks") and the rejection audit ("abuse_rejections") in the
/// SQLite file. The tables are created on first use. Every block or unblock runs in an IMMEDIATE
/// transaction (SQLite's writer lock), so versions are handed out and committed in order.</summary>
public sealed class SqliteAbuseStore(SqliteDatabase database) : IAbuseStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS abuse_blocks (
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            active INTEGER NOT NULL,
            reason TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (kind, value)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS abuse_blocks_version ON abuse_blocks (version);
        CREATE TABLE IF NOT EXISTS abuse_rejections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            reason TEXT NOT NULL,
            method TEXT NOT NULL,
            user_id TEXT NOT NULL,
            address TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS abuse_rejections_user ON abuse_rejections (user_id, id);
        CREATE INDEX IF NOT EXISTS abuse_rejections_at ON abuse_rejections (at);
        """;

    private const string BlockColumns = "kind, value, active, reason, changed_at, version";
    private const string RejectionColumns = "id, at, reason, method, user_id, address, detail";

    private readonly Lock _gate = new();
    private Task? _schema;

    public Task<BlockChange> SetBlockAsync(string kind, string value, bool active, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.Run(() => Run(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            BlockRow? existing = null;
            await using (var read = Command(connection, transaction, $"SELECT {BlockColumns} FROM abuse_blocks WHERE kind = $kind AND value = $value"))
            {
                read.Parameters.AddWithValue("$kind", kind);
                read.Parameters.AddWithValue("$value", value);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    existing = ReadBlock(reader);
                }
            }

            var wasActive = existing is { Active: true };
            if (!active && !wasActive)
            {
                return new BlockChange(existing ?? new BlockRow { Kind = kind, Value = value }, false, false);
            }

            await using var write = Command(connection, transaction, $"""
                INSERT INTO abuse_blocks ({BlockColumns})
                VALUES ($kind, $value, $active, $reason, $changed_at, (SELECT COALESCE(MAX(version), 0) + 1 FROM abuse_blocks))
                ON CONFLICT (kind, value) DO UPDATE SET active = excluded.active, reason = excluded.reason,
                    changed_at = excluded.changed_at, version = excluded.version
                RETURNING version
                """);
            write.Parameters.AddWithValue("$kind", kind);
            write.Parameters.AddWithValue("$value", value);
            write.Parameters.AddWithValue("$active", active ? 1 : 0);
            write.Parameters.AddWithValue("$reason", reason);
            write.Parameters.AddWithValue("$changed_at", SqliteColumns.Timestamp(at));
            var version = (long)(await write.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            database.Committed();
            var row = new BlockRow { Kind = kind, Value = value, Active = active, Reason = reason, ChangedAt = at, Version = version };
            return new BlockChange(row, wasActive, true);
        }, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<BlockRow>> ReadBlocksSinceAsync(long sinceVersion, CancellationToken cancellationToken) =>
        Task.Run(() => Run<IReadOnlyList<BlockRow>>(async connection =>
        {
            await using var read = Command(connection, null, $"SELECT {BlockColumns} FROM abuse_blocks WHERE version > $since ORDER BY version");
            read.Parameters.AddWithValue("$since", sinceVersion);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<BlockRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ReadBlock(reader));
            }

            return rows;
        }, cancellationToken), cancellationToken);

    public Task AppendRejectionsAsync(IReadOnlyCollection<RejectionRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count == 0 ? Task.CompletedTask : Task.Run(() => Run(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = Command(connection, transaction,
                "INSERT INTO abuse_rejections (at, reason, method, user_id, address, detail) VALUES ($at, $reason, $method, $user_id, $address, $detail)");
            var p = SqliteColumns.Ensure(insert, "$at", "$reason", "$method", "$user_id", "$address", "$detail");
            foreach (var row in rows)
            {
                p[0].Value = SqliteColumns.Timestamp(row.At);
                p[1].Value = row.Reason;
                p[2].Value = row.Method;
                p[3].Value = row.UserId;
                p[4].Value = row.Address;
                p[5].Value = row.Detail;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            database.Committed();
            return true;
        }, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<RejectionRow>> QueryRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.Run(() => Run<IReadOnlyList<RejectionRow>>(async connection =>
        {
            var sql = new StringBuilder($"SELECT {RejectionColumns} FROM abuse_rejections WHERE 1 = 1");
            await using var read = Command(connection, null, string.Empty);
            Filter(sql, read, "id < $before", "$before", query.BeforeId);
            Filter(sql, read, "user_id = $user_id", "$user_id", NullIfEmpty(query.UserId));
            Filter(sql, read, "address = $address", "$address", NullIfEmpty(query.Address));
            Filter(sql, read, "reason = $reason", "$reason", NullIfEmpty(query.Reason));
            Filter(sql, read, "at >= $since", "$since", query.Since is { } since ? SqliteColumns.Timestamp(since) : null);
            Filter(sql, read, "at < $until", "$until", query.Until is { } until ? SqliteColumns.Timestamp(until) : null);
            sql.Append(" ORDER BY id DESC LIMIT $limit");
            read.Parameters.AddWithValue("$limit", query.Limit);
            read.CommandText = sql.ToString();
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<RejectionRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new RejectionRow
                {
                    Id = reader.GetInt64(0),
                    At = SqliteColumns.ReadTimestamp(reader, 1),
                    Reason = reader.GetString(2),
                    Method = reader.GetString(3),
                    UserId = reader.GetString(4),
                    Address = reader.GetString(5),
                    Detail = reader.GetString(6),
                });
            }

            return rows;
        }, cancellationToken), cancellationToken);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void Filter(StringBuilder sql, SqliteCommand command, string condition, string name, object? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(condition);
            command.Parameters.AddWithValue(name, value);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static BlockRow ReadBlock(SqliteDataReader r) => new()
    {
        Kind = r.GetString(0),
        Value = r.GetString(1),
        Active = r.GetInt64(2) != 0,
        Reason = r.GetString(3),
        ChangedAt = SqliteColumns.ReadTimestamp(r, 4),
        Version = r.GetInt64(5),
    };

    private async Task<T> Run<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }

    private Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateSchemaAsync();
            }

            return _schema.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, null, Schema);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
