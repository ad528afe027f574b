using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Runtime.Storage.Postgres;

/// <summary>Durable reminders in PostgreSQL. Due times are compared as .NET UTC ticks so the
/// "still due at" check is exact (timestamptz keeps only microseconds).</summary>
public sealed class PostgresReminderTable(PostgresDatabase database) : IReminderTable
{
    public async Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await ExecuteAsync(
            """
            INSERT INTO reminders (grain_type, grain_key, name, due_ticks, due_at) VALUES (@type, @key, @name, @due, @due_at)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_ticks = excluded.due_ticks, due_at = excluded.due_at
            """,
            entry.GrainId,
            entry.Name,
            entry.DueAt,
            cancellationToken).ConfigureAwait(false);
    }

    public Task RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name", grainId, name, null, cancellationToken);

    public async Task<bool> RemoveIfDueAtAsync(GrainId grainId, string name, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var rows = await ExecuteAsync(
            "DELETE FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name AND due_ticks = @due",
            grainId,
            name,
            dueAt,
            cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                "SELECT grain_type, grain_key, name, due_ticks FROM reminders WHERE due_ticks <= @until ORDER BY due_ticks",
                connection);
            command.Parameters.AddWithValue("until", until.UtcTicks);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var due = new List<ReminderEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var grainId = new GrainId(reader.GetString(0), reader.GetString(1));
                due.Add(new ReminderEntry(grainId, reader.GetString(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
            }

            return due;
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }

    private async Task<int> ExecuteAsync(string sql, GrainId grainId, string name, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("type", NpgsqlDbType.Text, grainId.Type);
            command.Parameters.AddWithValue("key", NpgsqlDbType.Text, grainId.Key);
            command.Parameters.AddWithValue("name", NpgsqlDbType.Text, name);
            if (dueAt is { } at)
            {
                command.Parameters.AddWithValue("due", at.UtcTicks);
                if (sql.Contains("@due_at", StringComparison.Ordinal))
                {
                    command.Parameters.AddWithValue("due_at", NpgsqlDbType.TimestampTz, at.ToUniversalTime());
                }
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }
}
