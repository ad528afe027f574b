using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.GroupCommit;

public sealed class GroupCommitFailureTests
{
    [Fact]
    public async Task Append_WhenTheBatchWriteFails_EveryCallerGetsTheErrorAndNothingSurvives()
    {
        await using var host = await GroupCommitHost.StartAsync();
        var log = host.Log("failing-batch");
        await log.Append(new StringValue { Value = "kept" }).WithTimeout();
        await log.Read(new Empty()).WithTimeout();
        var blocked = log.Block(new Empty());
        await host.Probe.Blocked.Task.WithTimeout();

        var appends = Enumerable.Range(1, 10).Select(i => log.Append(new StringValue { Value = $"lost{i}" })).ToList();
        host.Storage.Down = true;
        host.Probe.Gate.SetResult();
        await blocked.WithTimeout();
        foreach (var append in appends)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => append.WithTimeout());
        }

        host.Storage.Down = false;
        var stored = await log.Read(new Empty()).WithTimeout();

        Assert.Equal("kept", stored.Value);
        Assert.Equal(2, host.Probe.Activations);
    }

    [Fact]
    public async Task Append_WhenASingleWriteFails_TheActivationReloadsStoredState()
    {
        await using var host = await GroupCommitHost.StartAsync(o => o.GroupCommit.Enabled = false);
        var log = host.Log("failing-single");
        await log.Append(new StringValue { Value = "kept" }).WithTimeout();

        host.Storage.Down = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => log.Append(new StringValue { Value = "lost" }).WithTimeout());
        host.Storage.Down = false;
        var stored = await log.Read(new Empty()).WithTimeout();
        var next = await log.Append(new StringValue { Value = "next" }).WithTimeout();

        Assert.Equal("kept", stored.Value);
        Assert.Equal(2, next.Value);
        Assert.Equal(2, host.Probe.Activations);
    }
}
