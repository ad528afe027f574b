using FlashSale.Runtime.Storage;
using FlashSale.Testing;

namespace FlashSale.Runtime.Tests.Storage;

/// <summary>What every <see cref="IReminderTable"/> provider must do. Each test uses its own
/// grain type so shared tables do not see each other's rows.</summary>
public abstract class ReminderTableConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 20, 0, 0, TimeSpan.Zero);

    protected abstract IReminderTable Table { get; }

    private static GrainId NewId() => new("reminder-conformance-" + Guid.NewGuid().ToString("N"), "k");

    private async Task<List<ReminderEntry>> DueFor(GrainId id, DateTimeOffset until) =>
        (await Table.ReadDueAsync(until, default).WithTimeout()).Where(e => e.GrainId == id).ToList();

    [Fact]
    public async Task ReadDue_ReturnsOnlyRemindersDueByThen()
    {
        var id = NewId();
        await Table.UpsertAsync(new ReminderEntry(id, "soon", T0.AddSeconds(1)), default).WithTimeout();
        await Table.UpsertAsync(new ReminderEntry(id, "later", T0.AddHours(1)), default).WithTimeout();

        var due = await DueFor(id, T0.AddSeconds(1));

        var entry = Assert.Single(due);
        Assert.Equal("soon", entry.Name);
        Assert.Equal(T0.AddSeconds(1), entry.DueAt);
    }

    [Fact]
    public async Task Upsert_SameName_MovesTheReminder()
    {
        var id = NewId();
        await Table.UpsertAsync(new ReminderEntry(id, "r", T0), default).WithTimeout();

        await Table.UpsertAsync(new ReminderEntry(id, "r", T0.AddMinutes(5)), default).WithTimeout();

        Assert.Empty(await DueFor(id, T0.AddMinutes(1)));
        Assert.Single(await DueFor(id, T0.AddMinutes(5)));
    }

    [Fact]
    public async Task RemoveIfDueAt_WhenMoved_KeepsTheReminder()
    {
        var id = NewId();
        await Table.UpsertAsync(new ReminderEntry(id, "r", T0.AddMinutes(5)), default).WithTimeout();

        var removed = await Table.RemoveIfDueAtAsync(id, "r", T0, default).WithTimeout();

        Assert.False(removed);
        Assert.Single(await DueFor(id, T0.AddMinutes(5)));
    }

    [Fact]
    public async Task RemoveIfDueAt_WhenUnchanged_RemovesTheReminder()
    {
        var id = NewId();
        await Table.UpsertAsync(new ReminderEntry(id, "r", T0), default).WithTimeout();

        var removed = await Table.RemoveIfDueAtAsync(id, "r", T0, default).WithTimeout();

        Assert.True(removed);
        Assert.Empty(await DueFor(id, T0.AddYears(1)));
    }

    [Fact]
    public async Task Remove_DeletesOnlyThatReminder()
    {
        var id = NewId();
        await Table.UpsertAsync(new ReminderEntry(id, "a", T0), default).WithTimeout();
        await Table.UpsertAsync(new ReminderEntry(id, "b", T0), default).WithTimeout();

        await Table.RemoveAsync(id, "a", default).WithTimeout();

        Assert.Equal("b", Assert.Single(await DueFor(id, T0)).Name);
    }
}
