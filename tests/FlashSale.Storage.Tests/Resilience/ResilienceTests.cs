using FlashSale.Storage.Domain;
using FlashSale.Storage.Resilience;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Tests.Resilience;

public sealed class ResilienceTests
{
    private readonly FlakyGrainStorage _flaky = new();
    private readonly StorageResilience _resilience = new(Options());
    private readonly ResilientGrainStorage _storage;

    public ResilienceTests() => _storage = new ResilientGrainStorage(_flaky, _resilience);

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

    private static GrainId NewId() => GrainId.Create("resilient", Guid.NewGuid().ToString("N"));

    private static TestGrainState<StringValue> State(string value, string? etag = null) => new() { State = new StringValue { Value = value }, ETag = etag };

    private async Task<TestGrainState<StringValue>> StoredAsync(GrainId id)
    {
        var read = new TestGrainState<StringValue>();
        await _flaky.Inner.ReadStateAsync("s", id, read);
        return read;
    }

    [Fact]
    public async Task Write_TwoTransientFailures_RetriesAndSucceeds()
    {
        var id = NewId();
        var state = State("one");
        _flaky.Script.FailNext(Flake.Before, Flake.Before);

        await _storage.WriteStateAsync("s", id, state).WithTimeout();

        Assert.Equal(3, _flaky.Script.Calls);
        Assert.Equal(state.ETag, (await StoredAsync(id)).ETag);
    }

    [Fact]
    public async Task Write_StateChangedWhileRetrying_StoresTheStateAsItWasWhenTheWriteBegan()
    {
        var id = NewId();
        var state = State("at call");
        _flaky.Script.FailNext(Flake.Before);

        var write = _storage.WriteStateAsync("s", id, state);
        state.State.Value = "changed by a later call";
        await write.WithTimeout();

        Assert.Equal(2, _flaky.Script.Calls);
        var stored = await StoredAsync(id);
        Assert.Equal("at call", stored.State.Value);
        Assert.Equal(stored.ETag, state.ETag);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task Write_FailuresBeyondTheRetryBudget_ThrowsStorageUnavailable()
    {
        _flaky.Script.FailNext(Flake.Before, Flake.Before, Flake.Before);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.WriteStateAsync("s", NewId(), State("one")).WithTimeout());

        Assert.Equal(3, _flaky.Script.Calls);
    }

    [Fact]
    public async Task Write_VersionConflict_IsNotRetried()
    {
        var id = NewId();
        await _flaky.Inner.WriteStateAsync("s", id, State("theirs"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", id, State("mine")).WithTimeout());

        Assert.Equal(1, _flaky.Script.Calls);
    }

    [Fact]
    public async Task Write_CommittedButReplyLost_SucceedsWithTheStoredEtag()
    {
        var id = NewId();
        var state = State("one");
        await _flaky.Inner.WriteStateAsync("s", id, state);
        state.State = new StringValue { Value = "two" };
        _flaky.Script.FailNext(Flake.After);

        await _storage.WriteStateAsync("s", id, state).WithTimeout();
        var stored = await StoredAsync(id);

        Assert.Equal("two", stored.State.Value);
        Assert.Equal(stored.ETag, state.ETag);
    }

    [Fact]
    public async Task Write_ReplyLostWhileAnotherWriterWon_SurfacesTheConflict()
    {
        var id = NewId();
        var state = State("one");
        await _flaky.Inner.WriteStateAsync("s", id, state);
        state.State = new StringValue { Value = "mine" };
        _flaky.Script.FailNext(Flake.Raced);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", id, state).WithTimeout());

        Assert.Equal("someone else", (await StoredAsync(id)).State.Value);
    }

    [Fact]
    public async Task Clear_CommittedButReplyLost_Succeeds()
    {
        var id = NewId();
        var state = State("one");
        await _flaky.Inner.WriteStateAsync("s", id, state);
        _flaky.Script.FailNext(Flake.After);

        await _storage.ClearStateAsync("s", id, state).WithTimeout();

        Assert.False((await StoredAsync(id)).RecordExists);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Circuit_PersistentFailure_OpensAndFailsFastWithoutCallingTheStore()
    {
        _flaky.Script.Down = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.WriteStateAsync("s", NewId(), State("a")).WithTimeout());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.WriteStateAsync("s", NewId(), State("b")).WithTimeout());
        var callsWhenOpen = _flaky.Script.Calls;

        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.ReadStateAsync("s", NewId(), State("")).WithTimeout());
        }

        Assert.True(_resilience.IsCircuitOpen);
        Assert.Equal(callsWhenOpen, _flaky.Script.Calls);
    }

    [Fact]
    public async Task Circuit_AfterTheBreak_ClosesOnceTheStoreIsBack()
    {
        var resilience = new StorageResilience(Options(breakDuration: TimeSpan.FromMilliseconds(500)));
        var storage = new ResilientGrainStorage(_flaky, resilience);
        _flaky.Script.Down = true;
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadStateAsync("s", NewId(), State("")).WithTimeout());
        }

        Assert.True(resilience.IsCircuitOpen);
        _flaky.Script.Down = false;

        var recovered = await Eventually.TrueAsync(async () =>
        {
            try
            {
                await storage.WriteStateAsync("s", NewId(), State("back"));
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
    public async Task DropStore_CommittedButReplyLost_KeepsTheOrderOnceAndReturnsTheStoredEtag()
    {
        var flaky = new FlakyDropStore();
        var drops = new ResilientDropStore(flaky, _resilience);
        var order = new OrderRow
        {
            OrderId = "d/1", DropId = "d", RoomId = "r", UserId = "u", Quantity = 1, UnitPrice = 1, TotalAmount = 1,
            State = "PendingPayment", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
        };
        flaky.Script.FailNext(Flake.After);

        var etag = await drops.WriteAsync("d", "s"u8.ToArray(), null, [order], default).WithTimeout();

        Assert.Equal((await flaky.Inner.ReadStateAsync("d", default))!.Etag, etag);
        Assert.Single(await flaky.Inner.ReadOrdersAsync("d", default));
        Assert.Equal(3, flaky.Script.Calls); // the lost attempt, the retry refused by its version, the read-back
    }

    [Fact]
    public async Task DropStore_Down_ThrowsStorageUnavailableAfterRetries()
    {
        var flaky = new FlakyDropStore();
        var drops = new ResilientDropStore(flaky, new StorageResilience(Options()));
        flaky.Script.Down = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => drops.ReadOrdersAsync("d", default).WithTimeout());

        Assert.Equal(3, flaky.Script.Calls);
    }
}
