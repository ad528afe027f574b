namespace FlashSale.Runtime;

/// <summary>A grain's durable state with an optimistic-concurrency version (ETag).
/// Injected into a grain constructor; one per grain class, stored under the grain's id.</summary>
public interface IPersistentState<TState> where TState : class, new()
{
    TState State { get; set; }

    /// <summary>Version of the last read or write; null when nothing is stored.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> if the stored version still equals <see cref="Etag"/>.
    /// On mismatch throws <see cref="InconsistentStateException"/> and the activation is
    /// deactivated after the current turn, so a stale activation can never sell twice.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
