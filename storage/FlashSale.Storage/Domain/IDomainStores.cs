namespace FlashSale.Storage.Domain;

/// <summary>Storage of the drop grains: each drop's small state and its order rows, written in one
/// transaction under an optimistic version check. Implementations: SQLite, PostgreSQL, memory;
/// each passes the domain-store conformance suite. Failures: <see cref="Orleans.Storage.InconsistentStateException"/>
/// when the version does not match (nothing written), <see cref="StorageUnavailableException"/>
/// when the store cannot be reached after the provider's retries (outcome unknown).</summary>
public interface IDropStore
{
    /// <summary>The drop's state, or null when none was ever written.</summary>
    Task<OwnedState?> ReadStateAsync(string dropId, CancellationToken cancellationToken);

    /// <summary>Every order row of the drop, ordered by sequence (the number after the '/' of the
    /// order id "{dropId}/{n}").</summary>
    Task<IReadOnlyList<OrderRow>> ReadOrdersAsync(string dropId, CancellationToken cancellationToken);

    /// <summary>Writes the state when the stored version equals <paramref name="expectedEtag"/>
    /// (null: nothing stored yet) and upserts <paramref name="orders"/> in the same transaction;
    /// returns the new version.</summary>
    Task<string> WriteAsync(string dropId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<OrderRow> orders, CancellationToken cancellationToken);

    /// <summary>The order ids of a user across all drops, newest first (created_at, then sequence),
    /// at most <paramref name="limit"/>; read through the user index.</summary>
    Task<IReadOnlyList<string>> OrderIdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken);
}

/// <summary>Storage of the wallet grains: each wallet's state and its ledger rows, in one
/// transaction, same version rule and failures as <see cref="IDropStore"/>.</summary>
public interface IWalletStore
{
    Task<OwnedState?> ReadStateAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Writes the state under the version check and inserts <paramref name="entries"/>
    /// (an entry already stored with the same key is left as it is) in the same transaction.</summary>
    Task<string> WriteAsync(string userId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<LedgerRow> entries, CancellationToken cancellationToken);

    /// <summary>The user's ledger, oldest first (for audits and tests).</summary>
    Task<IReadOnlyList<LedgerRow>> ReadLedgerAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>The store could not be reached (after retries, or the circuit is open): the outcome of
/// a write is unknown. Mapped to UNAVAILABLE for clients.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() : base("storage unavailable")
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
