namespace FlashSale.Runtime;

/// <summary>The activation's mailbox is full: the call was rejected without being queued.
/// Hosts map this to RESOURCE_EXHAUSTED.</summary>
public sealed class GrainOverloadedException(GrainId grainId, int limit)
    : Exception($"grain {grainId} is overloaded: {limit} calls already queued")
{
    public GrainId GrainId { get; } = grainId;
}

/// <summary>A storage write found a version other than the one the activation read: another
/// activation wrote in between. The activation deactivates; the call may be retried.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message) : base(message) { }
    public InconsistentStateException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The storage behind a grain cannot be reached. Nothing was written.
/// Hosts map this to UNAVAILABLE.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message) : base(message) { }
    public StorageUnavailableException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The runtime is shutting down and accepts no new calls (UNAVAILABLE).</summary>
public sealed class SiloUnavailableException(string message) : Exception(message);

/// <summary>A grain was asked about an entity that was never created (an unknown drop, room,
/// pool or order). Hosts map this to NOT_FOUND; the message names the entity.</summary>
public sealed class EntityNotFoundException : KeyNotFoundException
{
    public EntityNotFoundException(string kind, string id)
        : base($"{kind} '{id}' not found")
    {
    }

    /// <summary>Rebuilds the exception from a message that crossed a silo boundary.</summary>
    public EntityNotFoundException(string message)
        : base(message)
    {
    }
}
