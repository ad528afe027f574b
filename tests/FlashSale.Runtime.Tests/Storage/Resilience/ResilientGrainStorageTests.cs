using System.Text;
using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.Resilience;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;

namespace FlashSale.Runtime.Tests.Storage.Resilience;

public sealed class ResilientGrainStorageTests
{
    private readonly FlakyGrainStorage _flaky = new();
    private readonly ResilientGrainStorage _storage;
    private readonly StorageResilience _resilience;

    public ResilientGrainStorageTests()
    {
        _resilience = new StorageResilience(Options());
        _storage = new ResilientGrainStorage(_flaky, _resilience);
    }

    internal static StorageResilienceOptions Options(TimeSpan? breakDuration = null) => new()
    {
        MaxRetryAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        MinimumThroughput = 4,
        SamplingDuration = TimeSpan.FromSeconds(30),
        FailureRatio = 0.5,
        BreakDuration = breakDuration ?? TimeSpan.FromMinutes(5),
    };

    private static GrainId NewId() => new("resilient", Guid.NewGuid().ToString("N"));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Write_TwoTransientFailures_RetriesAndSucceeds()
    {
        var id = NewId();
        _flaky.FailNext(Flake.Before, Flake.Before);

        var etag = await _storage.WriteAsync(id, Bytes("one"), null, default).WithTimeout();

        Assert.Equal(3, _flaky.Calls);
        Assert.Equal(etag, (await _flaky.Inner.ReadAsync(id, default))!.Etag);
    }

    [Fact]
    public async Task Write_FailuresBeyondTheRetryBudget_ThrowsStorageUnavailable()
    {
        _flaky.FailNext(Flake.Before, Flake.Before, Flake.Before);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.WriteAsync(NewId(), Bytes("one"), null, default).WithTimeout());

        Assert.Equal(3, _flaky.Calls);
    }

    [Fact]
    public async Task Write_VersionConflict_IsNotRetried()
    {
        var id = NewId();
        await _flaky.Inner.WriteAsync(id, Bytes("theirs"), null, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync(id, Bytes("mine"), null, default).WithTimeout());

        Assert.Equal(1, _flaky.Calls);
    }

    [Fact]
    public async Task Write_CommittedButReplyLost_ReturnsTheStoredVersionNotAConflict()
    {
        var id = NewId();
        var first = await _flaky.Inner.WriteAsync(id, Bytes("one"), null, default);
        _flaky.FailNext(Flake.After);

        var etag = await _storage.WriteAsync(id, Bytes("two"), first, default).WithTimeout();
        var stored = await _flaky.Inner.ReadAsync(id, default);

        Assert.Equal("two", Encoding.UTF8.GetString(stored!.Data));
        Assert.Equal(stored.Etag, etag);
        Assert.Equal("two", Encoding.UTF8.GetString((await _storage.ReadAsync(id, default).WithTimeout())!.Data));
    }

    [Fact]
    public async Task Write_WithRows_CommittedButReplyLost_KeepsRowsOnceAndSucceeds()
    {
        var id = NewId();
        var order = StagedRow.Create("orders", new Dictionary<string, object?> { ["order_id"] = id.Key, ["state"] = "PendingPayment" });
        _flaky.FailNext(Flake.After);

        await _storage.WriteAsync(id, Bytes("one"), null, [order], default).WithTimeout();
        var rows = (await _storage.ReadRowsAsync("orders", default).WithTimeout()).Where(r => (string)r["order_id"]! == id.Key);

        Assert.Single(rows);
    }

    [Fact]
    public async Task Write_ReplyLostWhileAnotherWriterWon_SurfacesTheConflict()
    {
        var id = NewId();
        var first = await _flaky.Inner.WriteAsync(id, Bytes("one"), null, default);
        _flaky.FailNext(Flake.Raced);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync(id, Bytes("mine"), first, default).WithTimeout());

        Assert.Equal("someone else", Encoding.UTF8.GetString((await _flaky.Inner.ReadAsync(id, default))!.Data));
    }

    [Fact]
    public async Task Clear_CommittedButReplyLost_Succeeds()
    {
        var id = NewId();
        var etag = await _flaky.Inner.WriteAsync(id, Bytes("one"), null, default);
        _flaky.FailNext(Flake.After);

        await _storage.ClearAsync(id, etag, default).WithTimeout();

        Assert.Null(await _flaky.Inner.ReadAsync(id, default));
    }

    [Fact]
    public async Task Circuit_PersistentFailure_OpensAndFailsFastWithoutCallingTheStore()
    {
        _flaky.Down = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.WriteAsync(NewId(), Bytes("a"), null, default).WithTimeout());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.WriteAsync(NewId(), Bytes("b"), null, default).WithTimeout());
        var callsWhenOpen = _flaky.Calls;

        var failures = 0;
        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.ReadAsync(NewId(), default).WithTimeout());
            failures++;
        }

        Assert.True(_resilience.IsCircuitOpen);
        Assert.Equal(20, failures);
        Assert.Equal(callsWhenOpen, _flaky.Calls);
    }

    [Fact]
    public async Task Circuit_AfterTheBreak_ClosesOnceTheStoreIsBack()
    {
        var resilience = new StorageResilience(Options(breakDuration: TimeSpan.FromMilliseconds(500)));
        var storage = new ResilientGrainStorage(_flaky, resilience);
        _flaky.Down = true;
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(NewId(), default).WithTimeout());
        }

        Assert.True(resilience.IsCircuitOpen);
        _flaky.Down = false;

        var recovered = await Eventually.TrueAsync(async () =>
        {
            try
            {
                await storage.WriteAsync(NewId(), Bytes("back"), null, default);
                return true;
            }
            catch (StorageUnavailableException)
            {
                return false;
            }
        });

        Assert.True(recovered);
        Assert.False(resilience.IsCircuitOpen);
    }

    [Fact]
    public async Task Reminders_TransientFailure_IsRetried()
    {
        var table = new ResilientReminderTable(_flaky, _resilience);
        var id = NewId();
        _flaky.FailNext(Flake.Before);

        await table.UpsertAsync(new ReminderEntry(id, "r", DateTimeOffset.UnixEpoch), default).WithTimeout();

        Assert.Single(await table.ReadDueAsync(DateTimeOffset.UnixEpoch, default).WithTimeout(), e => e.GrainId == id);
    }
}
