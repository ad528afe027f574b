namespace FlashSale.Storage.Domain;

/// <summary>Anti-abuse storage: the blocklist (users and client addresses) and the audit table of
/// rejected calls. Implementations: SQLite, PostgreSQL, memory; each passes the abuse-store
/// conformance suite. Failures: <see cref="StorageUnavailableException"/> when the store cannot be reached.</summary>
public interface IAbuseStore
{
    /// <summary>Blocks (<paramref name="active"/>) or unblocks an entry. A change gets the next
    /// store-wide version; unblocking an entry that does not block is no change (nothing written).
    /// Blocking an entry that already blocks updates its reason under a new version.</summary>
    Task<BlockChange> SetBlockAsync(string kind, string value, bool active, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Entries changed after <paramref name="sinceVersion"/> (0: all ever stored, inactive
    /// ones included), in version order. Versions are assigned by serialized writers, so a reader that
    /// saw version v has seen every change up to v.</summary>
    Task<IReadOnlyList<BlockRow>> ReadBlocksSinceAsync(long sinceVersion, CancellationToken cancellationToken);

    /// <summary>Inserts rejections in one transaction; their ids are assigned by the store.</summary>
    Task AppendRejectionsAsync(IReadOnlyCollection<RejectionRow> rows, CancellationToken cancellationToken);

    /// <summary>Rejections matching <paramref name="query"/>, newest (largest id) first.</summary>
    Task<IReadOnlyList<RejectionRow>> QueryRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken);
}
