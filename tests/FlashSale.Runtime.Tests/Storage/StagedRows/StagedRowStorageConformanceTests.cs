using System.Text;
using FlashSale.Runtime.Storage;
using FlashSale.Testing;

namespace FlashSale.Runtime.Tests.Storage.StagedRows;

/// <summary>What every <see cref="IRowStagingGrainStorage"/> must do: rows are upserted together
/// with a successful versioned write, and not at all when the write loses its version check.</summary>
public abstract partial class StagedRowStorageConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 20, 0, 0, TimeSpan.Zero);

    protected abstract IRowStagingGrainStorage Storage { get; }

    private static GrainId NewId() => new("staged", Guid.NewGuid().ToString("N"));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static StagedRow Order(string orderId, string state, long? paid = null) => StagedRow.Create("orders", new Dictionary<string, object?>
    {
        ["order_id"] = orderId,
        ["drop_id"] = "drop-1",
        ["user_id"] = "u-" + orderId,
        ["quantity"] = 1,
        ["unit_price"] = 9_900L,
        ["total_amount"] = 9_900L,
        ["paid_amount"] = paid,
        ["state"] = state,
        ["created_at"] = T0,
        ["updated_at"] = T0.AddSeconds(1),
    });

    private async Task<IReadOnlyDictionary<string, object?>?> FindOrder(string orderId) =>
        (await Storage.ReadRowsAsync("orders", default).WithTimeout()).SingleOrDefault(r => (string)r["order_id"]! == orderId);

    [Fact]
    public async Task Write_WithRows_StoresStateAndRows()
    {
        var orderId = Guid.NewGuid().ToString("N");

        var etag = await Storage.WriteAsync(NewId(), Bytes("one"), null, [Order(orderId, "PendingPayment")], default).WithTimeout();
        var row = await FindOrder(orderId);

        Assert.NotNull(etag);
        Assert.NotNull(row);
        Assert.Equal("PendingPayment", row["state"]);
        Assert.Equal(1L, row["quantity"]);
        Assert.Equal(9_900L, row["total_amount"]);
        Assert.Equal(T0, row["created_at"]);
        Assert.Null(row["paid_amount"]);
        Assert.Null(row["coupon_id"]);
    }

    [Fact]
    public async Task Write_SameKeyAgain_UpdatesTheRowInPlace()
    {
        var id = NewId();
        var orderId = Guid.NewGuid().ToString("N");
        var first = await Storage.WriteAsync(id, Bytes("one"), null, [Order(orderId, "PendingPayment")], default).WithTimeout();

        await Storage.WriteAsync(id, Bytes("two"), first, [Order(orderId, "Paid", paid: 9_900L)], default).WithTimeout();
        var row = await FindOrder(orderId);

        Assert.Equal("Paid", row!["state"]);
        Assert.Equal(9_900L, row["paid_amount"]);
    }

    [Fact]
    public async Task Write_WithStaleEtag_WritesNeitherStateNorRows()
    {
        var id = NewId();
        var orderId = Guid.NewGuid().ToString("N");
        var first = await Storage.WriteAsync(id, Bytes("one"), null, [], default).WithTimeout();
        await Storage.WriteAsync(id, Bytes("two"), first, [], default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(id, Bytes("stale"), first, [Order(orderId, "PendingPayment")], default).WithTimeout());

        Assert.Null(await FindOrder(orderId));
        Assert.Equal("two", Encoding.UTF8.GetString((await Storage.ReadAsync(id, default).WithTimeout())!.Data));
    }

    [Fact]
    public async Task Write_NewStateWhenRowExists_WritesNoRows()
    {
        var id = NewId();
        var orderId = Guid.NewGuid().ToString("N");
        await Storage.WriteAsync(id, Bytes("one"), null, [], default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(id, Bytes("again"), null, [Order(orderId, "PendingPayment")], default).WithTimeout());

        Assert.Null(await FindOrder(orderId));
    }

    [Fact]
    public async Task Write_LedgerRows_KeyedByUserAndEntry()
    {
        var user = Guid.NewGuid().ToString("N");
        StagedRow Entry(string entry, long amount) => StagedRow.Create("wallet_ledger", new Dictionary<string, object?>
        {
            ["user_id"] = user,
            ["entry_id"] = entry,
            ["amount"] = amount,
            ["kind"] = "credit",
            ["at"] = T0,
        });

        await Storage.WriteAsync(NewId(), Bytes("w"), null, [Entry("e1", 100), Entry("e2", 250)], default).WithTimeout();
        var rows = (await Storage.ReadRowsAsync("wallet_ledger", default).WithTimeout()).Where(r => (string)r["user_id"]! == user).ToList();

        Assert.Equal([100L, 250L], rows.OrderBy(r => (string)r["entry_id"]!).Select(r => (long)r["amount"]!));
    }
}
