using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;

namespace FlashSale.Storage.Sqlite;

/// <summary>Orleans' reminder table in the SQLite file ("orleans_reminders"): one row per (grain,
/// reminder name) with its start and period as UTC ticks, the grain's uniform hash for the ring
/// range reads, and a version that is the entry's ETag. Range reads follow Orleans' ring rule:
/// begin &lt; end reads hashes in (begin, end]; otherwise the range wraps: (begin, max] and [0, end].</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, reminder_name, start_ticks, period_ticks, version";

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        QueryAsync($"SELECT {Columns} FROM orleans_reminders WHERE grain_type = $type AND grain_key = $key", c => BindGrain(c, grainId));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        QueryAsync(
            begin < end
                ? $"SELECT {Columns} FROM orleans_reminders WHERE grain_hash > $begin AND grain_hash <= $end"
                : $"SELECT {Columns} FROM orleans_reminders WHERE grain_hash > $begin OR grain_hash <= $end",
            c =>
            {
                c.Parameters.AddWithValue("$begin", (long)begin);
                c.Parameters.AddWithValue("$end", (long)end);
            });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE grain_type = $type AND grain_key = $key AND reminder_name = $name",
            c =>
            {
                BindGrain(c, grainId);
                c.Parameters.AddWithValue("$name", reminderName);
            }).ConfigureAwait(false);

        // Orleans' tables answer null for a reminder that does not exist.
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var version = await ExecuteAsync(
            """
            INSERT INTO orleans_reminders (grain_type, grain_key, reminder_name, start_ticks, period_ticks, grain_hash, version)
            VALUES ($type, $key, $name, $start, $period, $hash, 0)
            ON CONFLICT (grain_type, grain_key, reminder_name) DO UPDATE SET
                start_ticks = excluded.start_ticks, period_ticks = excluded.period_ticks,
                grain_hash = excluded.grain_hash, version = version + 1
            RETURNING version
            """,
            c =>
            {
                BindGrain(c, entry.GrainId);
                c.Parameters.AddWithValue("$name", entry.ReminderName);
                c.Parameters.AddWithValue("$start", ToUtc(entry.StartAt).Ticks);
                c.Parameters.AddWithValue("$period", entry.Period.Ticks);
                c.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            },
            scalar: true).ConfigureAwait(false);
        return Versions.Format(version);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        var removed = await ExecuteAsync(
            "DELETE FROM orleans_reminders WHERE grain_type = $type AND grain_key = $key AND reminder_name = $name AND version = $version",
            c =>
            {
                BindGrain(c, grainId);
                c.Parameters.AddWithValue("$name", reminderName);
                c.Parameters.AddWithValue("$version", version);
            },
            scalar: false).ConfigureAwait(false);
        return removed == 1;
    }

    public Task TestOnlyClearTable() => ExecuteAsync("DELETE FROM orleans_reminders", _ => { }, scalar: false);

    private static void BindGrain(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
    }

    private static DateTime ToUtc(DateTime at) => at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc);

    private async Task<ReminderTableData> QueryAsync(string sql, Action<SqliteCommand> bind)
    {
        var rows = await SqliteStates.QueryAsync(
            database,
            sql,
            bind,
            r => new ReminderEntry
            {
                GrainId = GrainId.Create(r.GetString(0), r.GetString(1)),
                ReminderName = r.GetString(2),
                StartAt = new DateTime(r.GetInt64(3), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(r.GetInt64(4)),
                ETag = Versions.Format(r.GetInt64(5)),
            },
            CancellationToken.None).ConfigureAwait(false);
        return new ReminderTableData(rows);
    }

    private async Task<long> ExecuteAsync(string sql, Action<SqliteCommand> bind, bool scalar)
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var result = scalar
                ? (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!
                : await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            database.Committed();
            return result;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception, database.DatabasePath);
        }
    }
}
