using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.GroupCommit;

/// <summary>Group-commit test grain: a persisted log of entries. <see cref="Append"/> has a batch
/// form; <see cref="Other"/> writes too but never batches.</summary>
public interface IBatchLogGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry, persists, returns the log length after it.</summary>
    Task<Int32Value> Append(StringValue request, CancellationToken cancellationToken = default);

    /// <summary>Appends "other:{value}" alone.</summary>
    Task<Int32Value> Other(StringValue request, CancellationToken cancellationToken = default);

    /// <summary>Holds the turn until the probe's gate opens.</summary>
    Task<Empty> Block(Empty request, CancellationToken cancellationToken = default);

    /// <summary>The log, comma-separated (read-only).</summary>
    Task<StringValue> Read(Empty request, CancellationToken cancellationToken = default);
}

/// <summary>What the engine calls for a batch of <see cref="IBatchLogGrain.Append"/> calls.</summary>
public interface IBatchLogGrainBatch
{
    Task<IReadOnlyList<Int32Value>> AppendBatch(IReadOnlyList<StringValue> requests, CancellationToken cancellationToken);
}

public static class BatchLogGrainMethods
{
    public const string GrainType = "batch-log";

    public static readonly GrainMethod<IBatchLogGrain, StringValue, Int32Value> Append =
        new(GrainType, "Append", 1, StringValue.Parser, Int32Value.Parser, static (g, r, ct) => g.Append(r, ct),
            batchInvoker: static (g, requests, ct) => ((IBatchLogGrainBatch)g).AppendBatch(requests, ct));

    public static readonly GrainMethod<IBatchLogGrain, StringValue, Int32Value> Other =
        new(GrainType, "Other", 2, StringValue.Parser, Int32Value.Parser, static (g, r, ct) => g.Other(r, ct));

    public static readonly GrainMethod<IBatchLogGrain, Empty, Empty> Block =
        new(GrainType, "Block", 3, Empty.Parser, Empty.Parser, static (g, r, ct) => g.Block(r, ct));

    public static readonly GrainMethod<IBatchLogGrain, Empty, StringValue> Read =
        new(GrainType, "Read", 4, Empty.Parser, StringValue.Parser, static (g, r, ct) => g.Read(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod[] All = [Append, Other, Block, Read];
}

internal sealed class BatchLogGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IBatchLogGrain
{
    public Task<Int32Value> Append(StringValue request, CancellationToken cancellationToken = default) => Invoke(BatchLogGrainMethods.Append, request, cancellationToken);

    public Task<Int32Value> Other(StringValue request, CancellationToken cancellationToken = default) => Invoke(BatchLogGrainMethods.Other, request, cancellationToken);

    public Task<Empty> Block(Empty request, CancellationToken cancellationToken = default) => Invoke(BatchLogGrainMethods.Block, request, cancellationToken);

    public Task<StringValue> Read(Empty request, CancellationToken cancellationToken = default) => Invoke(BatchLogGrainMethods.Read, request, cancellationToken);
}
