using FlashSale.Grains.Common;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.GroupCommit;

/// <summary>The group commit itself, driven by a write the test completes by hand (the grain-level
/// tests cannot reach the moment between a failed write and the deactivation it asks for).</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task CommitAsync_DuringAWrite_JoinsTheNextSingleWriteAndWaitsForIt()
    {
        var writes = new List<TaskCompletionSource>();
        var commit = new Common.GroupCommit(() => Next(writes).Task, _ => { });

        var first = commit.CommitAsync();
        var second = commit.CommitAsync();
        var third = commit.CommitAsync();
        var settled = commit.SettledAsync();
        writes[0].SetResult();
        await first.WithTimeout();

        Assert.Equal(2, writes.Count);
        Assert.False(second.IsCompleted || third.IsCompleted || settled.IsCompleted);
        writes[1].SetResult();
        await Task.WhenAll(second, third, settled).WithTimeout();
        Assert.Equal(2, commit.Writes);
        Assert.True(commit.SettledAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task CommitAsync_AfterAFailedWrite_FailsEveryWaiterAndEveryLaterCall()
    {
        var writes = new List<TaskCompletionSource>();
        var failures = new List<Exception>();
        var commit = new Common.GroupCommit(() => Next(writes).Task, failures.Add);
        var held = commit.CommitAsync();
        var joined = commit.CommitAsync();
        var reading = commit.SettledAsync();

        writes[0].SetException(new IOException("disk gone"));

        await Assert.ThrowsAsync<IOException>(() => held.WithTimeout());
        await Assert.ThrowsAsync<IOException>(() => joined.WithTimeout());
        await Assert.ThrowsAsync<IOException>(() => reading.WithTimeout());
        Assert.True(commit.CommitAsync().IsFaulted);
        Assert.True(commit.SettledAsync().IsFaulted);
        Assert.Single(writes);
        Assert.Single(failures);
        Assert.Equal(0, commit.Writes);
    }

    private static TaskCompletionSource Next(List<TaskCompletionSource> writes)
    {
        var write = new TaskCompletionSource();
        writes.Add(write);
        return write;
    }
}
