namespace FlashSale.Runtime.Storage;

/// <summary>A stored grain state: opaque bytes plus the version they were written with.</summary>
public sealed record StoredState(byte[] Data, string Etag);

/// <summary>Grain-state storage provider with optimistic concurrency. Every provider must pass
/// the storage conformance suite (tests/FlashSale.Runtime.Tests/Storage).</summary>
public interface IGrainStorage
{
    /// <summary>Returns the stored state or null when none exists.</summary>
    Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Writes when the stored version equals <paramref name="expectedEtag"/> (null: nothing
    /// stored yet) and returns the new version; otherwise throws
    /// <see cref="InconsistentStateException"/> and changes nothing. Throws
    /// <see cref="StorageUnavailableException"/> when the store cannot be reached.</summary>
    Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes the state under the same version check as <see cref="WriteAsync"/>.</summary>
    Task ClearAsync(GrainId grainId, string? expectedEtag, CancellationToken cancellationToken);
}

/// <summary>A durable reminder row.</summary>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset DueAt);

/// <summary>Durable store of reminders, so deadlines survive restarts.</summary>
public interface IReminderTable
{
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    Task RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>Removes the reminder only if it is still due at <paramref name="dueAt"/> (exact
    /// match): a grain that moved its reminder during delivery keeps the new one. Returns whether
    /// a row was removed.</summary>
    Task<bool> RemoveIfDueAtAsync(GrainId grainId, string name, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>All reminders due at or before <paramref name="until"/>.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken);
}
