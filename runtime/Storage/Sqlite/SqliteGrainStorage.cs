using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FlashSale.Runtime.Storage.Sqlite;

/// <summary>Grain state in a SQLite file. The etag is the row's integer version; a write is one
/// conditional INSERT or UPDATE whose affected-row count tells whether the version still matched;
/// staged rows go in the same transaction (see SqliteGrainStorage.Rows.cs).</summary>
public sealed partial class SqliteGrainStorage(SqliteDatabase database) : IRowStagingGrainStorage
{
    public async Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, data FROM grain_state WHERE grain_type = $type AND grain_key = $key";
            AddId(command, grainId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var version = reader.GetInt64(0);
            var data = (byte[])reader.GetValue(1);
            return new StoredState(data, version.ToString(CultureInfo.InvariantCulture));
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken) =>
        WriteAsync(grainId, data, expectedEtag, [], cancellationToken);

    public async Task ClearAsync(GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        var expected = ParseEtag(grainId, expectedEtag);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();

            // With no expected version the clear succeeds only when nothing is stored: the SELECT
            // returns a row (and we fail) exactly when a row exists.
            command.CommandText = expected is null
                ? "SELECT 1 FROM grain_state WHERE grain_type = $type AND grain_key = $key"
                : "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND version = $expected";
            AddId(command, grainId);
            if (expected is { } version)
            {
                command.Parameters.AddWithValue("$expected", version);
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw Conflict(grainId, expectedEtag);
                }

                database.Committed();
            }
            else if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                throw Conflict(grainId, expectedEtag);
            }
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }

    private static void AddId(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
    }

    private static long? ParseEtag(GrainId grainId, string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw Conflict(grainId, etag);
    }

    private static InconsistentStateException Conflict(GrainId grainId, string? expectedEtag) =>
        new($"version conflict on {grainId}: expected {expectedEtag ?? "<none>"}, the stored version differs");
}
