using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.GroupCommit;

public sealed class BatchLogState
{
    public List<string> Entries { get; set; } = [];
}

/// <summary>Deliberately has no failure handling of its own: what happens after a failed write is
/// the engine's doing.</summary>
public sealed class BatchLogGrain(IPersistentState<BatchLogState> state, GroupCommitProbe probe) : Grain, IBatchLogGrain, IBatchLogGrainBatch
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Activations);
        return Task.CompletedTask;
    }

    public async Task<Int32Value> Append(StringValue request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref probe.SingleCalls);
        state.State.Entries.Add(request.Value);
        await state.WriteStateAsync(CancellationToken.None);
        return new Int32Value { Value = state.State.Entries.Count };
    }

    public async Task<IReadOnlyList<Int32Value>> AppendBatch(IReadOnlyList<StringValue> requests, CancellationToken cancellationToken)
    {
        probe.BatchSizes.Enqueue(requests.Count);
        var replies = new Int32Value[requests.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            state.State.Entries.Add(requests[i].Value);
            replies[i] = new Int32Value { Value = state.State.Entries.Count };
        }

        await state.WriteStateAsync(cancellationToken);
        return replies;
    }

    public async Task<Int32Value> Other(StringValue request, CancellationToken cancellationToken = default)
    {
        state.State.Entries.Add("other:" + request.Value);
        await state.WriteStateAsync(CancellationToken.None);
        return new Int32Value { Value = state.State.Entries.Count };
    }

    public async Task<Empty> Block(Empty request, CancellationToken cancellationToken = default)
    {
        probe.Blocked.TrySetResult();
        await probe.Gate.Task;
        return new Empty();
    }

    public Task<StringValue> Read(Empty request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new StringValue { Value = string.Join(",", state.State.Entries) });
}
