using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Runtime.Storage.Postgres;

/// <summary>The versioned write with its staged rows, and reading the rows back.</summary>
public sealed partial class PostgresGrainStorage
{
    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var expected = ParseEtag(grainId, expectedEtag);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = rows.Count == 0 ? null : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // One round trip: the state statement first, then the row upserts; on a version
            // mismatch the transaction is rolled back (by disposal) and no row stays.
            await using var batch = new NpgsqlBatch(connection, transaction);
            var state = new NpgsqlBatchCommand(expected is null ? InsertSql : UpdateSql);
            AddId(state.Parameters, grainId);
            state.Parameters.AddWithValue("data", NpgsqlDbType.Bytea, data);
            if (expected is { } version)
            {
                state.Parameters.AddWithValue("expected", version);
            }

            batch.BatchCommands.Add(state);
            AddUpserts(batch, rows);

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (state.RecordsAffected != 1)
            {
                throw Conflict(grainId, expectedEtag);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
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
        return QueryRowsAsync(schema, StagedRowSql.SelectWhere(schema, column), value, cancellationToken);
    }

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> QueryRowsAsync(StagedRowTable schema, string sql, string? value, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            if (value is not null)
            {
                command.Parameters.AddWithValue("value", NpgsqlDbType.Text, value);
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
                        StagedColumnType.Integer => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture),
                        StagedColumnType.Timestamp => reader.GetFieldValue<DateTimeOffset>(i),
                        _ => reader.GetString(i),
                    };
                }

                result.Add(row);
            }

            return result;
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }

    // One batch command per row (the whole batch is one round trip); the statement text is cached
    // per row shape.
    private static void AddUpserts(NpgsqlBatch batch, IReadOnlyList<StagedRow> rows)
    {
        foreach (var row in rows)
        {
            var shape = StagedRowSql.UpsertShape(row);
            var command = new NpgsqlBatchCommand(shape.Sql);
            for (var i = 0; i < shape.Columns.Count; i++)
            {
                var column = shape.Columns[i];

                // Typed even when null, so the server never has to guess a parameter's type.
                var type = row.Table.Columns[column] switch
                {
                    StagedColumnType.Integer => NpgsqlDbType.Bigint,
                    StagedColumnType.Timestamp => NpgsqlDbType.TimestampTz,
                    _ => NpgsqlDbType.Text,
                };
                command.Parameters.Add(new NpgsqlParameter(shape.Parameters[i], type) { Value = row.Columns[column] ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }
    }
}
