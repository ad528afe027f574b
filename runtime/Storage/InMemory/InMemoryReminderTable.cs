namespace FlashSale.Runtime.Storage.InMemory;

/// <summary>Reminders in a dictionary: for tests; they do not survive the process.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Dictionary<(GrainId, string), DateTimeOffset> _rows = [];

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_rows)
        {
            _rows[(entry.GrainId, entry.Name)] = entry.DueAt;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            _rows.Remove((grainId, name));
        }

        return Task.CompletedTask;
    }

    public Task<bool> RemoveIfDueAtAsync(GrainId grainId, string name, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            var removed = _rows.TryGetValue((grainId, name), out var current)
                && current.UtcTicks == dueAt.UtcTicks
                && _rows.Remove((grainId, name));
            return Task.FromResult(removed);
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var due = new List<ReminderEntry>();
        lock (_rows)
        {
            foreach (var ((grainId, name), dueAt) in _rows)
            {
                if (dueAt <= until)
                {
                    due.Add(new ReminderEntry(grainId, name, dueAt));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ReminderEntry>>(due);
    }
}
