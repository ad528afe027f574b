using FlashSale.Storage.Domain;
using FlashSale.Testing;

namespace FlashSale.Storage.Tests.Abuse;

/// <summary>What every <see cref="IAbuseStore"/> must do: blocklist changes under increasing
/// versions (removals included), rejections appended in batches and queried newest first with
/// filters and an id cursor. Each test uses a fresh store.</summary>
public abstract class AbuseStoreConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 20, 0, 0, TimeSpan.Zero);

    protected abstract IAbuseStore Store { get; }

    private static RejectionRow Rejection(string user, string reason, DateTimeOffset at, string address = "127.0.0.1") =>
        new() { UserId = user, Reason = reason, At = at, Method = "Grab", Address = address, Detail = "drop-1" };

    [Fact]
    public async Task SetBlock_BlockThenUnblock_ReportsChangesUnderIncreasingVersions()
    {
        // Act
        var first = await Store.SetBlockAsync(BlockRow.UserKind, "alice", true, "bot", T0, default).WithTimeout();
        var again = await Store.SetBlockAsync(BlockRow.UserKind, "alice", true, "still a bot", T0.AddMinutes(1), default).WithTimeout();
        var address = await Store.SetBlockAsync(BlockRow.AddressKind, "10.0.0.0/8", true, string.Empty, T0, default).WithTimeout();
        var removed = await Store.SetBlockAsync(BlockRow.UserKind, "alice", false, string.Empty, T0.AddMinutes(2), default).WithTimeout();
        var noop = await Store.SetBlockAsync(BlockRow.UserKind, "nobody", false, string.Empty, T0, default).WithTimeout();

        // Assert
        Assert.Equal((false, true), (first.WasActive, first.Changed));
        Assert.Equal((true, true, "still a bot"), (again.WasActive, again.Changed, again.Row.Reason));
        Assert.Equal((true, true, false), (removed.WasActive, removed.Changed, removed.Row.Active));
        Assert.Equal((false, false), (noop.WasActive, noop.Changed));
        Assert.True(first.Row.Version < again.Row.Version && again.Row.Version < address.Row.Version && address.Row.Version < removed.Row.Version);
        var all = await Store.ReadBlocksSinceAsync(0, default).WithTimeout();
        Assert.Equal([("address", "10.0.0.0/8", true), ("user", "alice", false)], all.Select(r => (r.Kind, r.Value, r.Active)));
        Assert.Equal(T0.AddMinutes(2), all[1].ChangedAt);
        var since = await Store.ReadBlocksSinceAsync(address.Row.Version, default).WithTimeout();
        Assert.Equal(["alice"], since.Select(r => r.Value));
        Assert.Empty(await Store.ReadBlocksSinceAsync(removed.Row.Version, default).WithTimeout());
    }

    [Fact]
    public async Task QueryRejections_WithFiltersAndCursor_ReturnsMatchingRowsNewestFirst()
    {
        // Arrange
        var rows = new List<RejectionRow>();
        for (var i = 0; i < 6; i++)
        {
            rows.Add(Rejection(i % 2 == 0 ? "alice" : "bob", i < 4 ? "USER_BLOCKED" : "RAPID_GRAB", T0.AddSeconds(i)));
        }

        await Store.AppendRejectionsAsync(rows.Take(3).ToList(), default).WithTimeout();
        await Store.AppendRejectionsAsync(rows.Skip(3).ToList(), default).WithTimeout();
        await Store.AppendRejectionsAsync([], default).WithTimeout();

        // Act
        var all = await Store.QueryRejectionsAsync(new RejectionQuery { Limit = 100 }, default).WithTimeout();
        var firstPage = await Store.QueryRejectionsAsync(new RejectionQuery { Limit = 4 }, default).WithTimeout();
        var nextPage = await Store.QueryRejectionsAsync(new RejectionQuery { Limit = 4, BeforeId = firstPage[^1].Id }, default).WithTimeout();
        var alice = await Store.QueryRejectionsAsync(new RejectionQuery { UserId = "alice", Limit = 100 }, default).WithTimeout();
        var rapid = await Store.QueryRejectionsAsync(new RejectionQuery { Reason = "RAPID_GRAB", Limit = 100 }, default).WithTimeout();
        var window = await Store.QueryRejectionsAsync(new RejectionQuery { Since = T0.AddSeconds(1), Until = T0.AddSeconds(3), Limit = 100 }, default).WithTimeout();
        var elsewhere = await Store.QueryRejectionsAsync(new RejectionQuery { Address = "10.9.9.9", Limit = 100 }, default).WithTimeout();

        // Assert
        Assert.Equal([5, 4, 3, 2, 1, 0], all.Select(r => (int)(r.At - T0).TotalSeconds));
        Assert.Equal(all.Select(r => r.Id).OrderDescending(), all.Select(r => r.Id));
        Assert.Equal(6, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(all, [.. firstPage, .. nextPage]);
        Assert.Equal([4, 2, 0], alice.Select(r => (int)(r.At - T0).TotalSeconds));
        Assert.Equal([5, 4], rapid.Select(r => (int)(r.At - T0).TotalSeconds));
        Assert.Equal([2, 1], window.Select(r => (int)(r.At - T0).TotalSeconds));
        Assert.Empty(elsewhere);
        Assert.Equal(("Grab", "127.0.0.1", "drop-1"), (all[0].Method, all[0].Address, all[0].Detail));
    }
}
