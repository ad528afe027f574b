using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FlashSale.Runtime.Storage.Sqlite;

/// <summary>The versioned write with its staged rows, and reading the rows back.</summary>
public sealed partial class SqliteGrainStorage
{
    private const string InsertStateSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, data, updated_at)
        VALUES ($type, $key, 1, $data, $now) ON CONFLICT DO NOTHING
        """;

    private const string UpdateStateSql = """
        UPDATE grain_state SET version = version + 1, data = $data, updated_at = $now
        WHERE grain_type = $type AND grain_key = $key AND version = $expected
        """;

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var expected = ParseEtag(grainId, expectedEtag);
        SqliteSession? session = null;
        var healthy = false;
        try
        {
            session = await database.RentAsync(cancellationToken).ConfigureAwait(false);
            await using (var transaction = rows.Count == 0 ? null : (SqliteTransaction)await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                var command = session.Command(expected is null ? InsertStateSql : UpdateStateSql, transaction);
                command.Parameters.Clear();
                AddId(command, grainId);
                command.Parameters.Add("$data", SqliteType.Blob).Value = data.ToArray();
                command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                if (expected is { } version)
                {
                    command.Parameters.AddWithValue("$expected", version);
                }

                // The version check runs first: on a conflict no row is touched (and the transaction,
                // if any, is rolled back by its disposal).
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    healthy = true;
                    throw Conflict(grainId, expectedEtag);
                }

                await UpsertAllAsync(session, rows, cancellationToken).ConfigureAwait(false);

                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            healthy = true;
            database.Committed();
            return ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        }
        catch (SqliteException exception)
        {
            healthy = false;
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
        finally
        {
            if (session is not null)
            {
                await database.ReturnAsync(session, healthy).ConfigureAwait(false);
            }
        }
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, CancellationToken cancellationToken)
    {
        var schema = StagedRowSql.Table(table);
        return QueryRowsAsync(schema, StagedRowSql.SelectAll(schema), null, cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, string column, string value, CancellationToken cancellationToken)
    {
        var schema = StagedRowSql.Filter(table, column);
        return StagedRowSql.IsKeyPrefix(schema, column)
            ? QueryRowsAsync(schema, StagedRowSql.SelectByKeyPrefix(schema, column), value, cancellationToken)
            : QueryRowsAsync(schema, StagedRowSql.SelectWhere(schema, column), value, cancellationToken);
    }

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> QueryRowsAsync(StagedRowTable schema, string sql, string? value, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (value is not null)
            {
                command.Parameters.AddWithValue("@value", value);
                if (command.CommandText.Contains("@low", StringComparison.Ordinal))
                {
                    var (low, high) = StagedRowSql.KeyPrefixRange(value);
                    command.Parameters.AddWithValue("@low", low);
                    command.Parameters.AddWithValue("@high", high);
                }
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<IReadOnlyDictionary<string, object?>>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var name = reader.GetName(i);
                    row[name] = reader.IsDBNull(i) ? null : schema.Columns[name] switch
                    {
                        StagedColumnType.Integer => reader.GetInt64(i),
                        StagedColumnType.Timestamp => DateTimeOffset.Parse(reader.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
                        _ => reader.GetString(i),
                    };
                }

                result.Add(row);
            }

            return result;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }

    // Rows of one shape (every order row of a batch) share one native statement, prepared once per
    // session and re-stepped per row with new values (see SqliteSession.Statement).
    private static Task UpsertAllAsync(SqliteSession session, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        var db = session.Handle;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shape = StagedRowSql.UpsertShape(row);
            var statement = session.Statement(shape.Sql);
            try
            {
                // The shape lists the row's columns in the row's own order: bind them as they come.
                var index = 0;
                foreach (var value in row.Values.Values)
                {
                    Check(Bind(statement, ++index, value), db);
                }

                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(rc, db);
                }
            }
            finally
            {
                raw.sqlite3_reset(statement);
            }
        }

        return Task.CompletedTask;
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        DateTimeOffset at => BindTimestamp(statement, index, at),
        byte[] blob => raw.sqlite3_bind_blob(statement, index, blob),
        _ => throw new InvalidOperationException($"staged column value of type {value.GetType().Name} has no SQLite binding"),
    };

    // Timestamps as ISO-8601 UTC text ("O" of a UTC DateTime: yyyy-MM-ddTHH:mm:ss.fffffffZ), sortable
    // and readable in plain SQL, formatted straight into UTF-8 without a string per value.
    private static int BindTimestamp(sqlite3_stmt statement, int index, DateTimeOffset at)
    {
        Span<byte> text = stackalloc byte[40];
        return at.UtcDateTime.TryFormat(text, out var length, "O", CultureInfo.InvariantCulture)
            ? raw.sqlite3_bind_text(statement, index, text[..length])
            : raw.sqlite3_bind_text(statement, index, at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
    }
}
