using Google.Protobuf;

namespace FlashSale.Runtime;

/// <summary>How a grain method may be scheduled.</summary>
[Flags]
public enum GrainMethodOptions
{
    None = 0,

    /// <summary>The method only reads state: it may interleave with other read-only calls of the
    /// same activation (never with a writing turn).</summary>
    ReadOnly = 1,
}

/// <summary>Untyped view of a grain method descriptor, used by the engine's dispatch tables.</summary>
public abstract class GrainMethod
{
    protected GrainMethod(string grainType, string name, int id, GrainMethodOptions options)
    {
        GrainType = grainType;
        Name = name;
        Id = id;
        Options = options;
    }

    /// <summary>The registered grain type name (e.g. "drop").</summary>
    public string GrainType { get; }

    public string Name { get; }

    /// <summary>Stable id of the method within its interface; used on the wire.</summary>
    public int Id { get; }

    public GrainMethodOptions Options { get; }

    public bool IsReadOnly => (Options & GrainMethodOptions.ReadOnly) != 0;

    /// <summary>True when the method has a batch form (group commit): consecutive queued calls to
    /// it may run as one turn.</summary>
    public abstract bool SupportsBatching { get; }

    /// <summary>Invokes the method on a grain instance with a serialized argument and returns
    /// the serialized response (the silo-to-silo path).</summary>
    public abstract Task<ByteString> InvokeSerializedAsync(object grain, ByteString argument, CancellationToken cancellationToken);

    /// <summary>Parses a serialized argument, so calls that arrived as bytes can join a batch.</summary>
    internal abstract object ParseRequest(ByteString argument);

    /// <summary>Runs the batch form over <paramref name="requests"/> (each of the method's request
    /// type) and returns one response per request, in order.</summary>
    internal abstract Task<IReadOnlyList<object>> InvokeBatchAsync(object grain, IReadOnlyList<object> requests, CancellationToken cancellationToken);
}
