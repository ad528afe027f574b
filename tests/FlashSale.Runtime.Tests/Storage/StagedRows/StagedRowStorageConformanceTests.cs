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

    // Providers cache one statement per row shape and bind a row's values in its own column order:
    // the same columns staged in another order, or another subset, must still land in their columns.
    [Fact]
    public async Task Write_RowsOfOneTableInDifferentColumnOrders_EachValueLandsInItsColumn()
    {
        var (a, b, c) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var forward = StagedRow.Create("orders", new Dictionary<string, object?>
        {
            ["order_id"] = a, ["drop_id"] = "drop-a", ["user_id"] = "user-a", ["quantity"] = 1L, ["state"] = "PendingPayment", ["created_at"] = T0,
        });
        var reversed = StagedRow.Create("orders", new Dictionary<string, object?>
        {
            ["created_at"] = T0.AddMinutes(2), ["state"] = "Paid", ["quantity"] = 2L, ["user_id"] = "user-b", ["drop_id"] = "drop-b", ["order_id"] = b,
        });
        var subset = StagedRow.Create("orders", new Dictionary<string, object?> { ["paid_amount"] = 300L, ["order_id"] = c, ["state"] = "Refunded" });

        await Storage.WriteAsync(NewId(), Bytes("one"), null, [forward, reversed, subset, forward], default).WithTimeout();

        var rowA = await FindOrder(a);
        var rowB = await FindOrder(b);
        var rowC = await FindOrder(c);
        Assert.Equal(("drop-a", "user-a", 1L, "PendingPayment", T0), ((string)rowA!["drop_id"]!, (string)rowA["user_id"]!, (long)rowA["quantity"]!, (string)rowA["state"]!, (DateTimeOffset)rowA["created_at"]!));
        Assert.Equal(("drop-b", "user-b", 2L, "Paid", T0.AddMinutes(2)), ((string)rowB!["drop_id"]!, (string)rowB["user_id"]!, (long)rowB["quantity"]!, (string)rowB["state"]!, (DateTimeOffset)rowB["created_at"]!));
        Assert.Equal((300L, "Refunded"), ((long)rowC!["paid_amount"]!, (string)rowC["state"]!));
        Assert.Null(rowC["drop_id"]);
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
