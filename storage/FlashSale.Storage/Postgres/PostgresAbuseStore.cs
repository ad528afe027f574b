using System.Text;
using FlashSale.Storage.Domain;
using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Storage.Postgres;

/// <summary>The blocklist and rejection audit in PostgreSQL (migration 0009). A block or unblock
/// takes a transaction-scoped advisory lock before it reads the highest version, so versions are
/// handed out and committed in order: a silo that has read version v has seen every change up to v.</summary>
public sealed class PostgresAbuseStore(PostgresDatabase database) : IAbuseStore
{
    // Arbitrary but fixed: every FlashSale process serializes blocklist writes on it.
    private const long BlocklistLockKey = 0x466C_6173_6842_6C6B;
    private const string BlockColumns = "kind, value, active, reason, changed_at, version";
    private const string RejectionColumns = "id, at, reason, method, user_id, address, detail";

    public Task<BlockChange> SetBlockAsync(string kind, string value, bool active, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        Run(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = BlocklistLockKey });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            BlockRow? existing = null;
            await using (var read = new NpgsqlCommand($"SELECT {BlockColumns} FROM abuse_blocks WHERE kind = $1 AND value = $2", connection, transaction))
            {
                read.Parameters.Add(PostgresColumns.Text(kind));
                read.Parameters.Add(PostgresColumns.Text(value));
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

            long version;
            await using (var write = new NpgsqlCommand($"""
                INSERT INTO abuse_blocks ({BlockColumns})
                VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(version), 0) + 1 FROM abuse_blocks))
                ON CONFLICT (kind, value) DO UPDATE SET active = excluded.active, reason = excluded.reason,
                    changed_at = excluded.changed_at, version = excluded.version
                RETURNING version
                """, connection, transaction))
            {
                write.Parameters.Add(PostgresColumns.Text(kind));
                write.Parameters.Add(PostgresColumns.Text(value));
                write.Parameters.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = active });
                write.Parameters.Add(PostgresColumns.Text(reason));
                write.Parameters.Add(PostgresColumns.Timestamp(at));
                version = (long)(await write.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            var row = new BlockRow { Kind = kind, Value = value, Active = active, Reason = reason, ChangedAt = at, Version = version };
            return new BlockChange(row, wasActive, true);
        }, cancellationToken);

    public Task<IReadOnlyList<BlockRow>> ReadBlocksSinceAsync(long sinceVersion, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<BlockRow>>(async connection =>
        {
            await using var read = new NpgsqlCommand($"SELECT {BlockColumns} FROM abuse_blocks WHERE version > $1 ORDER BY version", connection);
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sinceVersion });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<BlockRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ReadBlock(reader));
            }

            return rows;
        }, cancellationToken);

    public Task AppendRejectionsAsync(IReadOnlyCollection<RejectionRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count == 0 ? Task.CompletedTask : Run(async connection =>
        {
            // One multi-row INSERT of parallel arrays: one round trip for the whole batch.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO abuse_rejections (at, reason, method, user_id, address, detail)
                SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. rows.Select(r => r.At.UtcDateTime)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Reason)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Method)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.UserId)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Address)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Detail)] });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<RejectionRow>> QueryRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Run<IReadOnlyList<RejectionRow>>(async connection =>
        {
            var sql = new StringBuilder($"SELECT {RejectionColumns} FROM abuse_rejections WHERE true");
            await using var read = new NpgsqlCommand { Connection = connection };
            if (query.BeforeId is { } before)
            {
                Filter(sql, read, "id <", new NpgsqlParameter<long> { TypedValue = before });
            }

            if (!string.IsNullOrEmpty(query.UserId))
            {
                Filter(sql, read, "user_id =", PostgresColumns.Text(query.UserId));
            }

            if (!string.IsNullOrEmpty(query.Address))
            {
                Filter(sql, read, "address =", PostgresColumns.Text(query.Address));
            }

            if (!string.IsNullOrEmpty(query.Reason))
            {
                Filter(sql, read, "reason =", PostgresColumns.Text(query.Reason));
            }

            if (query.Since is { } since)
            {
                Filter(sql, read, "at >=", PostgresColumns.Timestamp(since));
            }

            if (query.Until is { } until)
            {
                Filter(sql, read, "at <", PostgresColumns.Timestamp(until));
            }

            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
            sql.Append(" ORDER BY id DESC LIMIT $").Append(read.Parameters.Count);
            read.CommandText = sql.ToString();
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<RejectionRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new RejectionRow
                {
                    Id = reader.GetInt64(0),
                    At = PostgresColumns.ReadTimestamp(reader, 1) ?? DateTimeOffset.MinValue,
                    Reason = reader.GetString(2),
                    Method = reader.GetString(3),
                    UserId = reader.GetString(4),
                    Address = reader.GetString(5),
                    Detail = reader.GetString(6),
                });
            }

            return rows;
        }, cancellationToken);
    }

    private static void Filter(StringBuilder sql, NpgsqlCommand command, string condition, NpgsqlParameter parameter)
    {
        command.Parameters.Add(parameter);
        sql.Append(" AND ").Append(condition).Append(" $").Append(command.Parameters.Count);
    }

    private static BlockRow ReadBlock(NpgsqlDataReader r) => new()
    {
        Kind = r.GetString(0),
        Value = r.GetString(1),
        Active = r.GetBoolean(2),
        Reason = r.GetString(3),
        ChangedAt = PostgresColumns.ReadTimestamp(r, 4) ?? DateTimeOffset.MinValue,
        Version = r.GetInt64(5),
    };

    private async Task<T> Run<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }
}
