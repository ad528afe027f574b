using Microsoft.Data.Sqlite;

namespace FlashSale.Runtime.Storage.Sqlite;

/// <summary>Durable reminders in the same SQLite file as grain state. Due times are stored as
/// UTC ticks so the "still due at" check is an exact integer comparison.</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ExecuteAsync(
            """
            INSERT INTO reminders (grain_type, grain_key, name, due_ticks) VALUES ($type, $key, $name, $due)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_ticks = excluded.due_ticks
            """,
            entry.GrainId,
            entry.Name,
            entry.DueAt.UtcTicks,
            cancellationToken);
    }

    public Task RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name", grainId, name, null, cancellationToken);

    public async Task<bool> RemoveIfDueAtAsync(GrainId grainId, string name, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var rows = await ExecuteAsync(
            "DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name AND due_ticks = $due",
            grainId,
            name,
            dueAt.UtcTicks,
            cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT grain_type, grain_key, name, due_ticks FROM reminders WHERE due_ticks <= $until ORDER BY due_ticks";
            command.Parameters.AddWithValue("$until", until.UtcTicks);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var due = new List<ReminderEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var grainId = new GrainId(reader.GetString(0), reader.GetString(1));
                due.Add(new ReminderEntry(grainId, reader.GetString(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
            }

            return due;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }

    private async Task<int> ExecuteAsync(string sql, GrainId grainId, string name, long? dueTicks, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$type", grainId.Type);
            command.Parameters.AddWithValue("$key", grainId.Key);
            command.Parameters.AddWithValue("$name", name);
            if (dueTicks is { } ticks)
            {
                command.Parameters.AddWithValue("$due", ticks);
            }

            var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            database.Committed();
            return changed;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }
}
