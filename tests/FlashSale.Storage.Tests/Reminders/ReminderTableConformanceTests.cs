using FlashSale.Testing;
using Orleans;
using Orleans.Runtime;

namespace FlashSale.Storage.Tests.Reminders;

/// <summary>What every Orleans <see cref="IReminderTable"/> we deploy must do, including the ring
/// range read: begin &lt; end reads hashes in (begin, end], otherwise the range wraps around.
/// Results are filtered to the test's own grains, so a shared table is fine.</summary>
public abstract class ReminderTableConformanceTests
{
    private static readonly DateTime T0 = new(2026, 11, 11, 20, 0, 0, DateTimeKind.Utc);

    protected abstract IReminderTable Table { get; }

    // A grain whose hash is away from the ends of the ring, so h - 1 and h + 1 exist.
    private static GrainId NewId()
    {
        while (true)
        {
            var id = GrainId.Create("reminder-conformance", Guid.NewGuid().ToString("N"));
            var hash = id.GetUniformHashCode();
            if (hash is > 10 and < uint.MaxValue - 10)
            {
                return id;
            }
        }
    }

    private static ReminderEntry Entry(GrainId id, string name, DateTime start, TimeSpan period, string? etag = null) =>
        new() { GrainId = id, ReminderName = name, StartAt = start, Period = period, ETag = etag };

    [Fact]
    public async Task Upsert_ThenReadRow_ReturnsTheEntryWithTheReturnedEtag()
    {
        var id = NewId();

        var etag = await Table.UpsertRow(Entry(id, "expire", T0, TimeSpan.FromMinutes(15))).WithTimeout();
        var row = await Table.ReadRow(id, "expire").WithTimeout();

        Assert.NotNull(etag);
        Assert.NotNull(row);
        Assert.Equal((id, "expire", T0, TimeSpan.FromMinutes(15), etag), (row.GrainId, row.ReminderName, row.StartAt.ToUniversalTime(), row.Period, row.ETag));
    }

    [Fact]
    public async Task Upsert_Again_MovesTheReminderAndChangesTheEtag()
    {
        var id = NewId();
        var first = await Table.UpsertRow(Entry(id, "r", T0, TimeSpan.FromMinutes(1))).WithTimeout();

        var second = await Table.UpsertRow(Entry(id, "r", T0.AddHours(1), TimeSpan.FromMinutes(2))).WithTimeout();
        var row = await Table.ReadRow(id, "r").WithTimeout();

        Assert.NotEqual(first, second);
        Assert.Equal((T0.AddHours(1), TimeSpan.FromMinutes(2), second), (row!.StartAt.ToUniversalTime(), row.Period, row.ETag));
    }

    [Fact]
    public async Task ReadRow_WhenMissing_ReturnsNull()
    {
        Assert.Null(await Table.ReadRow(NewId(), "none").WithTimeout());
    }

    [Fact]
    public async Task ReadRows_OfAGrain_ReturnsOnlyThatGrainsReminders()
    {
        var (a, b) = (NewId(), NewId());
        await Table.UpsertRow(Entry(a, "one", T0, TimeSpan.FromMinutes(1))).WithTimeout();
        await Table.UpsertRow(Entry(a, "two", T0, TimeSpan.FromMinutes(1))).WithTimeout();
        await Table.UpsertRow(Entry(b, "one", T0, TimeSpan.FromMinutes(1))).WithTimeout();

        var rows = await Table.ReadRows(a).WithTimeout();

        Assert.Equal(["one", "two"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, r => Assert.Equal(a, r.GrainId));
    }

    [Fact]
    public async Task RemoveRow_WithCurrentEtag_Removes_WithStaleEtag_Keeps()
    {
        var id = NewId();
        var stale = await Table.UpsertRow(Entry(id, "r", T0, TimeSpan.FromMinutes(1))).WithTimeout();
        var current = await Table.UpsertRow(Entry(id, "r", T0.AddMinutes(1), TimeSpan.FromMinutes(1))).WithTimeout();

        var removedStale = await Table.RemoveRow(id, "r", stale!).WithTimeout();
        var keptAfterStale = await Table.ReadRow(id, "r").WithTimeout();
        var removedCurrent = await Table.RemoveRow(id, "r", current!).WithTimeout();

        Assert.False(removedStale);
        Assert.NotNull(keptAfterStale);
        Assert.True(removedCurrent);
        Assert.Null(await Table.ReadRow(id, "r").WithTimeout());
    }

    [Fact]
    public async Task ReadRows_ByRange_FollowsTheRingRule()
    {
        var id = NewId();
        var h = id.GetUniformHashCode();
        await Table.UpsertRow(Entry(id, "r", T0, TimeSpan.FromMinutes(1))).WithTimeout();

        async Task<bool> In(uint begin, uint end) => (await Table.ReadRows(begin, end).WithTimeout()).Reminders.Any(r => r.GrainId == id);

        Assert.True(await In(h - 1, h));          // (h-1, h]: the end is inclusive
        Assert.False(await In(h, h + 1));         // (h, h+1]: the begin is exclusive
        Assert.True(await In(h + 1, h));          // wraps: (h+1, max] and [0, h]
        Assert.False(await In(h, h - 1));         // wraps: (h, max] and [0, h-1]
        Assert.True(await In(h, h));              // begin == end wraps: the whole ring
    }
}
