namespace FlashSale.Runtime.Storage.Resilience;

/// <summary>Decorates a reminder table with <see cref="StorageResilience"/>. Every reminder
/// operation is idempotent (upsert, delete), so a retry after an unknown outcome is harmless;
/// only <see cref="RemoveIfDueAtAsync"/>'s answer may then read false for a row the first attempt
/// removed, which the reminder service does not act on.</summary>
public sealed class ResilientReminderTable(IReminderTable inner, StorageResilience resilience) : IReminderTable
{
    /// <summary>The decorated table.</summary>
    public IReminderTable Inner => inner;

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static async (s, ct) => { await s.inner.UpsertAsync(s.entry, ct).ConfigureAwait(false); return true; }, (inner, entry), cancellationToken);

    public Task RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static async (s, ct) => { await s.inner.RemoveAsync(s.grainId, s.name, ct).ConfigureAwait(false); return true; }, (inner, grainId, name), cancellationToken);

    public Task<bool> RemoveIfDueAtAsync(GrainId grainId, string name, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.RemoveIfDueAtAsync(s.grainId, s.name, s.dueAt, ct), (inner, grainId, name, dueAt), cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.ReadDueAsync(s.until, ct), (inner, until), cancellationToken);
}
