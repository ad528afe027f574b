using FlashSale.Storage.Domain;
using FlashSale.Testing;
using Orleans.Storage;

namespace FlashSale.Storage.Tests.Domain;

/// <summary>What every <see cref="IDropStore"/> and <see cref="IWalletStore"/> must do: state and
/// rows in one transaction under the version check, rows read back typed and in order. Fresh ids
/// keep tests apart on a shared store.</summary>
public abstract class DomainStoreConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 20, 0, 0, TimeSpan.Zero);

    protected abstract IDropStore Drops { get; }

    protected abstract IWalletStore Wallets { get; }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static OrderRow Order(string dropId, int sequence, string user, string state = "PendingPayment", DateTimeOffset? createdAt = null) => new()
    {
        OrderId = $"{dropId}/{sequence}",
        DropId = dropId,
        RoomId = "room-1",
        UserId = user,
        Quantity = 1,
        UnitPrice = 9_900,
        TotalAmount = 9_900,
        State = state,
        CreatedAt = createdAt ?? T0,
        PaymentDeadline = T0.AddMinutes(15),
        UpdatedAt = T0,
        IdempotencyKey = "key-" + sequence,
    };

    private static LedgerRow Entry(string user, string entry, long amount, DateTimeOffset at) => new()
    {
        UserId = user,
        EntryId = entry,
        Amount = amount,
        BalanceAfter = amount,
        Kind = "credit",
        Reference = "ref-" + entry,
        At = at,
    };

    [Fact]
    public async Task Drop_ReadState_WhenNothingStored_ReturnsNull()
    {
        Assert.Null(await Drops.ReadStateAsync(NewId(), default).WithTimeout());
    }

    [Fact]
    public async Task Drop_Write_StoresStateAndOrdersTogether_AndOrdersReadBackTyped()
    {
        var drop = NewId();
        var order = Order(drop, 1, "alice") with { CouponId = "c-1", DiscountAmount = 100, PaidAt = T0.AddMinutes(1) };

        var etag = await Drops.WriteAsync(drop, Bytes("s1"), null, [order], default).WithTimeout();
        var state = await Drops.ReadStateAsync(drop, default).WithTimeout();
        var orders = await Drops.ReadOrdersAsync(drop, default).WithTimeout();

        Assert.Equal(etag, state!.Etag);
        Assert.Equal("s1", System.Text.Encoding.UTF8.GetString(state.Data));
        Assert.Equal(order, Assert.Single(orders));
    }

    [Fact]
    public async Task Drop_Write_WithStaleEtag_ThrowsAndWritesNoRows()
    {
        var drop = NewId();
        var first = await Drops.WriteAsync(drop, Bytes("s1"), null, [], default).WithTimeout();
        var second = await Drops.WriteAsync(drop, Bytes("s2"), first, [Order(drop, 1, "alice")], default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Drops.WriteAsync(drop, Bytes("stale"), first, [Order(drop, 1, "alice", "Paid"), Order(drop, 2, "bob")], default).WithTimeout());
        var orders = await Drops.ReadOrdersAsync(drop, default).WithTimeout();
        var state = await Drops.ReadStateAsync(drop, default).WithTimeout();

        Assert.Equal("PendingPayment", Assert.Single(orders).State);
        Assert.Equal(second, state!.Etag);
        Assert.Equal("s2", System.Text.Encoding.UTF8.GetString(state.Data));
    }

    [Fact]
    public async Task Drop_Write_WithoutEtag_WhenStateExists_ThrowsAndWritesNoRows()
    {
        var drop = NewId();
        await Drops.WriteAsync(drop, Bytes("s1"), null, [], default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Drops.WriteAsync(drop, Bytes("again"), null, [Order(drop, 1, "alice")], default).WithTimeout());

        Assert.Empty(await Drops.ReadOrdersAsync(drop, default).WithTimeout());
    }

    [Fact]
    public async Task Drop_Write_SameOrderAgain_UpsertsItInPlace()
    {
        var drop = NewId();
        var first = await Drops.WriteAsync(drop, Bytes("s1"), null, [Order(drop, 1, "alice")], default).WithTimeout();

        await Drops.WriteAsync(drop, Bytes("s2"), first, [Order(drop, 1, "alice", "Paid") with { PaidAmount = 9_900 }], default).WithTimeout();
        var order = Assert.Single(await Drops.ReadOrdersAsync(drop, default).WithTimeout());

        Assert.Equal(("Paid", 9_900L), (order.State, order.PaidAmount));
    }

    [Fact]
    public async Task Drop_ReadOrders_ComeInNumericSequenceOrder_AndOnlyThatDrops()
    {
        var drop = NewId();
        var other = drop + "x"; // shares the prefix but not the "{drop}/" range
        await Drops.WriteAsync(other, Bytes("o"), null, [Order(other, 1, "alice")], default).WithTimeout();

        await Drops.WriteAsync(drop, Bytes("s"), null, [Order(drop, 10, "a"), Order(drop, 2, "b"), Order(drop, 1, "c"), Order(drop, 100, "d"), Order(drop, 9, "e")], default).WithTimeout();
        var orders = await Drops.ReadOrdersAsync(drop, default).WithTimeout();

        Assert.Equal([$"{drop}/1", $"{drop}/2", $"{drop}/9", $"{drop}/10", $"{drop}/100"], orders.Select(o => o.OrderId));
    }

    [Fact]
    public async Task Drop_OrderIdsOfUser_NewestFirstAcrossDrops_ThenBySequence_Limited()
    {
        var user = NewId();
        var (a, b) = (NewId(), NewId());
        await Drops.WriteAsync(a, Bytes("a"), null, [Order(a, 1, user, createdAt: T0), Order(a, 2, "someone-else", createdAt: T0.AddHours(1)), Order(a, 9, user, createdAt: T0.AddMinutes(5)), Order(a, 10, user, createdAt: T0.AddMinutes(5))], default).WithTimeout();
        await Drops.WriteAsync(b, Bytes("b"), null, [Order(b, 1, user, createdAt: T0.AddMinutes(10))], default).WithTimeout();

        var all = await Drops.OrderIdsOfUserAsync(user, 10, default).WithTimeout();
        var two = await Drops.OrderIdsOfUserAsync(user, 2, default).WithTimeout();

        Assert.Equal([$"{b}/1", $"{a}/10", $"{a}/9", $"{a}/1"], all);
        Assert.Equal([$"{b}/1", $"{a}/10"], two);
    }

    [Fact]
    public async Task Wallet_Write_StoresStateAndEntries_LedgerOldestFirst()
    {
        var user = NewId();

        var first = await Wallets.WriteAsync(user, Bytes("w1"), null, [Entry(user, "e2", 250, T0.AddMinutes(1)), Entry(user, "e1", 100, T0)], default).WithTimeout();
        var state = await Wallets.ReadStateAsync(user, default).WithTimeout();
        var ledger = await Wallets.ReadLedgerAsync(user, default).WithTimeout();

        Assert.Equal(first, state!.Etag);
        Assert.Equal(["e1", "e2"], ledger.Select(e => e.EntryId));
        Assert.Equal(Entry(user, "e1", 100, T0), ledger[0]);
    }

    [Fact]
    public async Task Wallet_Write_EntryAlreadyStored_IsLeftAsItWas()
    {
        var user = NewId();
        var first = await Wallets.WriteAsync(user, Bytes("w1"), null, [Entry(user, "e1", 100, T0)], default).WithTimeout();

        await Wallets.WriteAsync(user, Bytes("w2"), first, [Entry(user, "e1", 999, T0.AddHours(1)), Entry(user, "e2", 5, T0.AddHours(2))], default).WithTimeout();
        var ledger = await Wallets.ReadLedgerAsync(user, default).WithTimeout();

        Assert.Equal([("e1", 100L), ("e2", 5L)], ledger.Select(e => (e.EntryId, e.Amount)));
    }

    [Fact]
    public async Task Wallet_Write_WithStaleEtag_ThrowsAndWritesNoEntries()
    {
        var user = NewId();
        var first = await Wallets.WriteAsync(user, Bytes("w1"), null, [], default).WithTimeout();
        await Wallets.WriteAsync(user, Bytes("w2"), first, [], default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Wallets.WriteAsync(user, Bytes("stale"), first, [Entry(user, "e1", 100, T0)], default).WithTimeout());

        Assert.Empty(await Wallets.ReadLedgerAsync(user, default).WithTimeout());
        Assert.Equal("w2", System.Text.Encoding.UTF8.GetString((await Wallets.ReadStateAsync(user, default).WithTimeout())!.Data));
    }

    [Fact]
    public async Task Drop_ConcurrentWritersWithTheSameEtag_ExactlyOneWinsAndOnlyItsRowsAreStored()
    {
        var drop = NewId();
        var etag = await Drops.WriteAsync(drop, Bytes("base"), null, [], default).WithTimeout();
        var writers = Enumerable.Range(1, 6)
            .Select(i => Task.Run(() => Drops.WriteAsync(drop, Bytes("w" + i), etag, [Order(drop, i, "u" + i)], default)))
            .ToList();

        try
        {
            await Task.WhenAll(writers).WithTimeout();
        }
        catch (InconsistentStateException)
        {
            // the losers; counted below
        }

        Assert.Equal(1, writers.Count(w => w.IsCompletedSuccessfully));
        Assert.Equal(5, writers.Count(w => w.Exception?.InnerException is InconsistentStateException));
        Assert.Single(await Drops.ReadOrdersAsync(drop, default).WithTimeout());
    }
}
