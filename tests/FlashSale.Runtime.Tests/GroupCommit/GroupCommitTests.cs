using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.GroupCommit;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Append_QueuedBehindABlockedTurn_RunsInBatchesWithOneWriteEach()
    {
        await using var host = await GroupCommitHost.StartAsync();
        var log = host.Log("queued");
        var blocked = await BlockAsync(host, log);
        var writesBefore = host.Storage.Writes;

        var appends = Enumerable.Range(1, 50).Select(i => log.Append(new StringValue { Value = $"a{i}" })).ToList();
        host.Probe.Gate.SetResult();
        await blocked.WithTimeout();
        var replies = await Task.WhenAll(appends).WithTimeout();

        Assert.True(host.Probe.BatchSizes.Max() > 1);
        Assert.True(host.Storage.Writes - writesBefore < 50, $"{host.Storage.Writes - writesBefore} writes for 50 calls");
        // Each caller gets its own answer, in mailbox order.
        Assert.Equal(Enumerable.Range(1, 50), replies.Select(r => r.Value));
        var stored = await log.Read(new Empty()).WithTimeout();
        Assert.Equal(string.Join(",", Enumerable.Range(1, 50).Select(i => $"a{i}")), stored.Value);
    }

    [Fact]
    public async Task Append_InterleavedWithAnotherMethod_KeepsMailboxOrder()
    {
        await using var host = await GroupCommitHost.StartAsync();
        var log = host.Log("mixed");
        var blocked = await BlockAsync(host, log);

        var calls = new[]
        {
            log.Append(new StringValue { Value = "a1" }),
            log.Append(new StringValue { Value = "a2" }),
            log.Other(new StringValue { Value = "x" }),
            log.Append(new StringValue { Value = "a3" }),
            log.Append(new StringValue { Value = "a4" }),
        };
        host.Probe.Gate.SetResult();
        await blocked.WithTimeout();
        var replies = await Task.WhenAll(calls).WithTimeout();

        Assert.Equal([1, 2, 3, 4, 5], replies.Select(r => r.Value));
        Assert.Equal("a1,a2,other:x,a3,a4", (await log.Read(new Empty()).WithTimeout()).Value);
        Assert.Equal([2, 2], host.Probe.BatchSizes);
    }

    [Fact]
    public async Task Append_MoreQueuedThanMaxBatchSize_NoBatchExceedsIt()
    {
        await using var host = await GroupCommitHost.StartAsync(o => o.GroupCommit.MaxBatchSize = 8);
        var log = host.Log("bounded");
        var blocked = await BlockAsync(host, log);

        var appends = Enumerable.Range(1, 50).Select(i => log.Append(new StringValue { Value = $"a{i}" })).ToList();
        host.Probe.Gate.SetResult();
        await blocked.WithTimeout();
        await Task.WhenAll(appends).WithTimeout();

        Assert.All(host.Probe.BatchSizes, size => Assert.InRange(size, 2, 8));
        Assert.Equal(50, host.Probe.BatchSizes.Sum() + host.Probe.SingleCalls);
        Assert.True(host.Probe.BatchSizes.Count >= 50 / 8);
    }

    [Fact]
    public async Task Append_CancelledWhileQueued_IsLeftOutOfTheBatch()
    {
        await using var host = await GroupCommitHost.StartAsync();
        var log = host.Log("cancelled");
        var blocked = await BlockAsync(host, log);
        using var cancel = new CancellationTokenSource();

        var appends = Enumerable.Range(1, 10)
            .Select(i => log.Append(new StringValue { Value = $"a{i}" }, i is 3 or 7 ? cancel.Token : default))
            .ToList();
        await cancel.CancelAsync();
        host.Probe.Gate.SetResult();
        await blocked.WithTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => appends[2].WithTimeout());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => appends[6].WithTimeout());
        var kept = await Task.WhenAll(appends.Where((_, i) => i is not (2 or 6))).WithTimeout();

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], kept.Select(r => r.Value));
        Assert.Equal("a1,a2,a4,a5,a6,a8,a9,a10", (await log.Read(new Empty()).WithTimeout()).Value);
        Assert.Equal(8, host.Probe.BatchSizes.Sum());
    }

    [Fact]
    public async Task Append_WithGroupCommitDisabled_WritesOncePerCall()
    {
        await using var host = await GroupCommitHost.StartAsync(o => o.GroupCommit.Enabled = false);
        var log = host.Log("disabled");
        var blocked = await BlockAsync(host, log);
        var writesBefore = host.Storage.Writes;

        var appends = Enumerable.Range(1, 20).Select(i => log.Append(new StringValue { Value = $"a{i}" })).ToList();
        host.Probe.Gate.SetResult();
        await blocked.WithTimeout();
        await Task.WhenAll(appends).WithTimeout();

        Assert.Empty(host.Probe.BatchSizes);
        Assert.Equal(20, host.Probe.SingleCalls);
        Assert.Equal(20, host.Storage.Writes - writesBefore);
    }

    [Fact]
    public async Task Append_ArrivingAsBytes_JoinsBatchesToo()
    {
        await using var host = await GroupCommitHost.StartAsync(o => o.SerializeLocalCalls = true);
        var log = host.Log("serialized");
        var blocked = await BlockAsync(host, log);

        var appends = Enumerable.Range(1, 20).Select(i => log.Append(new StringValue { Value = $"a{i}" })).ToList();
        // Serialized calls are queued asynchronously: wait until all are in before releasing.
        await Task.Delay(200);
        host.Probe.Gate.SetResult();
        await blocked.WithTimeout();
        var replies = await Task.WhenAll(appends).WithTimeout();

        Assert.Equal(Enumerable.Range(1, 20), replies.Select(r => r.Value).Order());
        Assert.True(host.Probe.BatchSizes.Max() > 1);
    }

    [Fact]
    public async Task Append_WithLinger_LoneCallStillCompletes()
    {
        await using var host = await GroupCommitHost.StartAsync(o => o.GroupCommit.Linger = TimeSpan.FromMilliseconds(5));
        var log = host.Log("linger");

        var first = await log.Append(new StringValue { Value = "a1" }).WithTimeout();
        var second = await log.Append(new StringValue { Value = "a2" }).WithTimeout();

        Assert.Equal(1, first.Value);
        Assert.Equal(2, second.Value);
        Assert.Equal([1, 1], host.Probe.BatchSizes);
    }

    // Activates the grain, then holds its only turn so that later calls queue up behind it.
    private static async Task<Task<Empty>> BlockAsync(GroupCommitHost host, IBatchLogGrain log)
    {
        await log.Read(new Empty()).WithTimeout();
        var blocked = log.Block(new Empty());
        await host.Probe.Blocked.Task.WithTimeout();
        return blocked;
    }
}
