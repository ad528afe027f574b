using FlashSale.Storage.Tests.Support;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Tests.GrainStorage;

/// <summary>What every "flashsale" Orleans grain storage must do, driven as Orleans drives it: one
/// grain-state object carries State, ETag and RecordExists from call to call. Inherit and supply
/// <see cref="Storage"/>; fresh grain ids keep tests apart on a shared store.</summary>
public abstract class GrainStorageConformanceTests
{
    protected const string StateName = "state";

    protected abstract IGrainStorage Storage { get; }

    protected static GrainId NewId() => GrainId.Create("conformance", Guid.NewGuid().ToString("N"));

    private static TestGrainState<StringValue> State(string value) => new() { State = new StringValue { Value = value } };

    private async Task<TestGrainState<StringValue>> ReadAsync(GrainId id)
    {
        var state = new TestGrainState<StringValue>();
        await Storage.ReadStateAsync(StateName, id, state).WithTimeout();
        return state;
    }

    [Fact]
    public async Task Read_WhenNothingStored_RecordDoesNotExistAndStateIsEmpty()
    {
        var read = await ReadAsync(NewId());

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(string.Empty, read.State.Value);
    }

    [Fact]
    public async Task Write_New_ThenRead_ReturnsStateAndTheWrittenEtag()
    {
        var id = NewId();
        var state = State("one");

        await Storage.WriteStateAsync(StateName, id, state).WithTimeout();
        var read = await ReadAsync(id);

        Assert.True(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("one", read.State.Value);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_WithCurrentEtag_UpdatesAndChangesTheEtag()
    {
        var id = NewId();
        var state = State("one");
        await Storage.WriteStateAsync(StateName, id, state).WithTimeout();
        var first = state.ETag;

        state.State = new StringValue { Value = "two" };
        await Storage.WriteStateAsync(StateName, id, state).WithTimeout();
        var read = await ReadAsync(id);

        Assert.NotEqual(first, state.ETag);
        Assert.Equal("two", read.State.Value);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_WithStaleEtag_ThrowsInconsistentStateAndKeepsTheStoredState()
    {
        var id = NewId();
        var mine = State("one");
        await Storage.WriteStateAsync(StateName, id, mine).WithTimeout();
        var stale = State("stale");
        stale.ETag = mine.ETag;
        mine.State = new StringValue { Value = "two" };
        await Storage.WriteStateAsync(StateName, id, mine).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale).WithTimeout());
        var read = await ReadAsync(id);

        Assert.Equal("two", read.State.Value);
        Assert.Equal(mine.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_WithoutEtag_WhenAStateIsStored_ThrowsInconsistentState()
    {
        var id = NewId();
        await Storage.WriteStateAsync(StateName, id, State("one")).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, State("again")).WithTimeout());
        Assert.Equal("one", (await ReadAsync(id)).State.Value);
    }

    [Fact]
    public async Task Write_WithEtag_WhenNothingStored_ThrowsInconsistentState()
    {
        var state = State("x");
        state.ETag = "1";

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, NewId(), state).WithTimeout());
    }

    [Fact]
    public async Task Clear_WithCurrentEtag_ThenRead_RecordDoesNotExist_AndTheSameObjectCanWriteAgain()
    {
        var id = NewId();
        var state = State("one");
        await Storage.WriteStateAsync(StateName, id, state).WithTimeout();

        await Storage.ClearStateAsync(StateName, id, state).WithTimeout();
        var cleared = await ReadAsync(id);
        state.State = new StringValue { Value = "reborn" };
        await Storage.WriteStateAsync(StateName, id, state).WithTimeout();

        Assert.False(cleared.RecordExists);
        Assert.Equal(string.Empty, cleared.State.Value);
        Assert.Equal("reborn", (await ReadAsync(id)).State.Value);
    }

    [Fact]
    public async Task Clear_WithStaleEtag_ThrowsInconsistentStateAndKeepsTheState()
    {
        var id = NewId();
        var mine = State("one");
        await Storage.WriteStateAsync(StateName, id, mine).WithTimeout();
        var stale = State("one");
        stale.ETag = mine.ETag;
        stale.RecordExists = true;
        mine.State = new StringValue { Value = "two" };
        await Storage.WriteStateAsync(StateName, id, mine).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, stale).WithTimeout());
        var read = await ReadAsync(id);

        Assert.True(read.RecordExists);
        Assert.Equal("two", read.State.Value);
    }

    [Fact]
    public async Task Write_ConcurrentWritersWithTheSameEtag_ExactlyOneWins()
    {
        var id = NewId();
        var baseState = State("base");
        await Storage.WriteStateAsync(StateName, id, baseState).WithTimeout();
        var writers = Enumerable.Range(0, 8).Select(i =>
        {
            var state = State($"writer-{i}");
            state.ETag = baseState.ETag;
            return (State: state, Task: Task.Run(() => Storage.WriteStateAsync(StateName, id, state)));
        }).ToList();

        try
        {
            await Task.WhenAll(writers.Select(w => w.Task)).WithTimeout();
        }
        catch (InconsistentStateException)
        {
            // expected for the losers; counted below
        }

        var winner = Assert.Single(writers, w => w.Task.IsCompletedSuccessfully);
        Assert.Equal(7, writers.Count(w => w.Task.Exception?.InnerException is InconsistentStateException));
        var read = await ReadAsync(id);
        Assert.Equal(winner.State.State.Value, read.State.Value);
        Assert.Equal(winner.State.ETag, read.ETag);
    }
}
