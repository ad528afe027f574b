namespace FlashSale.Grains;

/// <summary>A grain was asked about an entity that was never created (an unknown drop, room,
/// pool or order). The gRPC front end maps this to NOT_FOUND; the message names the entity.</summary>
[GenerateSerializer]
public sealed class EntityNotFoundException : KeyNotFoundException
{
    public EntityNotFoundException(string kind, string id)
        : base($"{kind} '{id}' not found")
    {
    }

    /// <summary>Rebuilds the exception from its message (e.g. after crossing a silo boundary).</summary>
    public EntityNotFoundException(string message)
        : base(message)
    {
    }

    public EntityNotFoundException()
    {
    }

    public EntityNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
