using FlashSale.Storage.Domain;
using Npgsql;

namespace FlashSale.Storage.Postgres;

/// <summary>Reads and versioned writes of "grain_state" rows with the typed rows of one domain
/// table, in one transaction and one round trip.</summary>
internal static class PostgresStates
{
    public static async Task<OwnedState?> ReadAsync(PostgresDatabase database, string type, string key, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            database,
            PostgresGrainStateTable.SelectSql,
            PostgresGrainStateTable.Key(type, key),
            r => new OwnedState(r.GetFieldValue<byte[]>(1), Versions.Format(r.GetInt64(0))),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<string> WriteAsync<TTable, TRow>(PostgresDatabase database, string type, string key, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyCollection<TRow> rows, CancellationToken cancellationToken)
        where TTable : IPostgresRowTable<TRow>
    {
        ArgumentNullException.ThrowIfNull(rows);
        var expected = Versions.Parse(expectedEtag, $"{type}/{key}");
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = rows.Count == 0 ? null : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // The state statement first, then the rows; on a version mismatch the transaction is
            // rolled back (by disposal) and no row stays.
            await using var batch = new NpgsqlBatch(connection, transaction);
            var state = PostgresGrainStateTable.Write(type, key, data, expected);
            batch.BatchCommands.Add(state);
            foreach (var row in rows)
            {
                batch.BatchCommands.Add(TTable.Write(row));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (state.RecordsAffected != 1)
            {
                throw Versions.Conflict($"{type}/{key}", expectedEtag, null);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return Versions.Next(expected);
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(PostgresDatabase database, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(read(reader));
            }

            return result;
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }
}
