using System.Collections.Concurrent;

namespace FlashSale.Runtime.Tests.GroupCommit;

/// <summary>What the group-commit test grain reports: one per host, registered in DI.</summary>
public sealed class GroupCommitProbe
{
    public int Activations;
    public int SingleCalls;

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
