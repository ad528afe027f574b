using FlashSale.Storage.Domain;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>Reads and versioned writes of "grain_state" rows, with the typed rows of one domain
/// table in the same transaction. Shared by the Orleans grain storage and the domain stores.
///
/// Every operation runs on the thread pool, never inline in the caller's turn: Microsoft.Data.Sqlite's
/// async methods complete synchronously, so a write called from a grain would otherwise hold the
/// grain's scheduler until the disk is done, and no call could interleave with it — a hot drop's
/// group commit (grabs that arrive while a write runs share the next one) would collapse into one
/// write per grab. Callers hand over snapshots (serialized state, arrays of rows), never live
/// collections.</summary>
internal static class SqliteStates
{
    public static Task<OwnedState?> ReadAsync(SqliteDatabase database, string type, string key, CancellationToken cancellationToken) =>
        Task.Run(() => ReadCoreAsync(database, type, key, cancellationToken), cancellationToken);

    private static async Task<OwnedState?> ReadCoreAsync(SqliteDatabase database, string type, string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteGrainStateTable.SelectSql;
            SqliteGrainStateTable.BindKey(command, type, key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new OwnedState((byte[])reader.GetValue(1), Versions.Format(reader.GetInt64(0)))
                : null;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }

    /// <summary>Writes the state under the version check, then (same transaction) every row of
    /// <paramref name="rows"/> through <typeparamref name="TTable"/>; returns the new version.</summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The version did not match; nothing was written.</exception>
    public static Task<string> WriteAsync<TTable, TRow>(SqliteDatabase database, string type, string key, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyCollection<TRow> rows, CancellationToken cancellationToken)
        where TTable : ISqliteRowTable<TRow> =>
        Task.Run(() => WriteCoreAsync<TTable, TRow>(database, type, key, data, expectedEtag, rows, cancellationToken), cancellationToken);

    private static async Task<string> WriteCoreAsync<TTable, TRow>(SqliteDatabase database, string type, string key, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyCollection<TRow> rows, CancellationToken cancellationToken)
        where TTable : ISqliteRowTable<TRow>
    {
        ArgumentNullException.ThrowIfNull(rows);
        var expected = Versions.Parse(expectedEtag, $"{type}/{key}");
        SqliteSession? session = null;
        var healthy = false;
        try
        {
            session = await database.RentAsync(cancellationToken).ConfigureAwait(false);
            await using (var transaction = rows.Count == 0 ? null : (SqliteTransaction)await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                var state = session.Command(expected is null ? SqliteGrainStateTable.InsertSql : SqliteGrainStateTable.UpdateSql, transaction);
                SqliteGrainStateTable.BindWrite(state, type, key, data, expected);

                // The version check runs first: on a conflict no row is touched (and the transaction,
                // if any, is rolled back by its disposal).
                if (await state.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    healthy = true;
                    throw Versions.Conflict($"{type}/{key}", expectedEtag, null);
                }

                if (rows.Count > 0)
                {
                    var write = session.Command(TTable.WriteSql, transaction);
                    foreach (var row in rows)
                    {
                        TTable.Bind(write, row);
                        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            healthy = true;
            database.Committed();
            return Versions.Next(expected);
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

    /// <summary>Deletes the state when its version is <paramref name="expectedEtag"/>; with null,
    /// succeeds only when nothing is stored.</summary>
    public static Task DeleteAsync(SqliteDatabase database, string type, string key, string? expectedEtag, CancellationToken cancellationToken) =>
        Task.Run(() => DeleteCoreAsync(database, type, key, expectedEtag, cancellationToken), cancellationToken);

    private static async Task DeleteCoreAsync(SqliteDatabase database, string type, string key, string? expectedEtag, CancellationToken cancellationToken)
    {
        var expected = Versions.Parse(expectedEtag, $"{type}/{key}");
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = expected is null ? SqliteGrainStateTable.VersionSql : SqliteGrainStateTable.DeleteSql;
            SqliteGrainStateTable.BindKey(command, type, key);
            if (expected is { } version)
            {
                command.Parameters.AddWithValue("$expected", version);
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw Versions.Conflict($"{type}/{key}", expectedEtag, null);
                }

                database.Committed();
            }
            else if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long stored)
            {
                throw Versions.Conflict($"{type}/{key}", expectedEtag, Versions.Format(stored));
            }
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }

    /// <summary>Runs a query and maps each row (reads of the domain tables).</summary>
    public static Task<IReadOnlyList<T>> QueryAsync<T>(SqliteDatabase database, string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken) =>
        Task.Run(() => QueryCoreAsync(database, sql, bind, read, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<T>> QueryCoreAsync<T>(SqliteDatabase database, string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(read(reader));
            }

            return result;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }
}
