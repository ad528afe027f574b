using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Runtime.Storage.Postgres;

/// <summary>Grain state in PostgreSQL. The etag is the row's integer version; a write is one
/// conditional INSERT (ON CONFLICT DO NOTHING) or UPDATE (WHERE version = expected) whose
/// affected-row count tells whether the version still matched. Staged rows ride in the same
/// transaction (PostgresGrainStorage.Rows.cs).</summary>
public sealed partial class PostgresGrainStorage(PostgresDatabase database) : IRowStagingGrainStorage
{
    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, data, updated_at)
        VALUES (@type, @key, 1, @data, now()) ON CONFLICT DO NOTHING
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET version = version + 1, data = @data, updated_at = now()
        WHERE grain_type = @type AND grain_key = @key AND version = @expected
        """;

    public async Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT version, data FROM grain_state WHERE grain_type = @type AND grain_key = @key", connection);
            AddId(command.Parameters, grainId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new StoredState(reader.GetFieldValue<byte[]>(1), reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
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

            // With no expected version the clear succeeds only when nothing is stored.
            await using var command = new NpgsqlCommand(
                expected is null
                    ? "SELECT count(*) FROM grain_state WHERE grain_type = @type AND grain_key = @key"
                    : "DELETE FROM grain_state WHERE grain_type = @type AND grain_key = @key AND version = @expected",
                connection);
            AddId(command.Parameters, grainId);
            if (expected is { } version)
            {
                command.Parameters.AddWithValue("expected", version);
            }

            var ok = expected is null
                ? (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0
                : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            if (!ok)
            {
                throw Conflict(grainId, expectedEtag);
            }
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }

    private static void AddId(NpgsqlParameterCollection parameters, GrainId grainId)
    {
        parameters.AddWithValue("type", NpgsqlDbType.Text, grainId.Type);
        parameters.AddWithValue("key", NpgsqlDbType.Text, grainId.Key);
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
