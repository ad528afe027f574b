using FlashSale.Runtime.Storage;
using FlashSale.Testing;

namespace FlashSale.Runtime.Tests.Storage.StagedRows;

/// <summary>Filtered reads (a drop's orders by drop_id, a user's by user_id): only matching rows,
/// every column, the idempotency key included, and only whitelisted text columns.</summary>
public abstract partial class StagedRowStorageConformanceTests
{
    private static StagedRow OrderOf(string orderId, string dropId, string userId, string key) => StagedRow.Create("orders", new Dictionary<string, object?>
    {
        ["order_id"] = orderId,
        ["drop_id"] = dropId,
        ["user_id"] = userId,
        ["quantity"] = 2,
        ["state"] = "PendingPayment",
        ["payment_deadline"] = T0.AddMinutes(5),
        ["idempotency_key"] = key,
    });

    [Fact]
    public async Task ReadRows_ByColumn_ReturnsOnlyMatchingRowsOrderedByKey()
    {
        var drop = "drop-" + Guid.NewGuid().ToString("N");
        var other = "drop-" + Guid.NewGuid().ToString("N");
        var user = "user-" + Guid.NewGuid().ToString("N");
        await Storage.WriteAsync(NewId(), Bytes("a"), null, [OrderOf(drop + "/2", drop, user, "k2"), OrderOf(drop + "/1", drop, "someone", "k1")], default).WithTimeout();
        await Storage.WriteAsync(NewId(), Bytes("b"), null, [OrderOf(other + "/1", other, user, "k3")], default).WithTimeout();

        var ofDrop = await Storage.ReadRowsAsync("orders", "drop_id", drop, default).WithTimeout();
        var ofUser = await Storage.ReadRowsAsync("orders", "user_id", user, default).WithTimeout();

        Assert.Equal([drop + "/1", drop + "/2"], ofDrop.Select(r => (string)r["order_id"]!));
        Assert.Equal(["k1", "k2"], ofDrop.Select(r => (string)r["idempotency_key"]!));
        Assert.Equal(2L, ofDrop[0]["quantity"]);
        Assert.Equal(T0.AddMinutes(5), ofDrop[0]["payment_deadline"]);
        Assert.Equal(new[] { drop + "/2", other + "/1" }.Order(StringComparer.Ordinal), ofUser.Select(r => (string)r["order_id"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadRows_ByDrop_KeepsOutDropsWhoseIdsShareItsPrefix()
    {
        // SQLite reads a drop's orders through the order_id range [drop + "/", drop + "0"):
        // "a/b/1" (drop "a/b") and "a-1/1" sort next to "a/…" and must still be filtered out.
        var drop = "drop-" + Guid.NewGuid().ToString("N");
        await Storage.WriteAsync(NewId(), Bytes("a"), null,
        [
            OrderOf(drop + "/1", drop, "u1", "k1"),
            OrderOf(drop + "/x/1", drop + "/x", "u2", "k2"),
            OrderOf(drop + "-1/1", drop + "-1", "u3", "k3"),
            OrderOf(drop + "0/1", drop + "0", "u4", "k4"),
            OrderOf(drop + "/2", drop, "u5", "k5"),
        ], default).WithTimeout();

        var ofDrop = await Storage.ReadRowsAsync("orders", "drop_id", drop, default).WithTimeout();
        var ofNested = await Storage.ReadRowsAsync("orders", "drop_id", drop + "/x", default).WithTimeout();

        Assert.Equal([drop + "/1", drop + "/2"], ofDrop.Select(r => (string)r["order_id"]!));
        Assert.Equal([drop + "/x/1"], ofNested.Select(r => (string)r["order_id"]!));
    }

    [Fact]
    public async Task ReadRows_ByColumnWithoutMatches_ReturnsEmpty()
    {
        var rows = await Storage.ReadRowsAsync("orders", "drop_id", "no-such-drop-" + Guid.NewGuid().ToString("N"), default).WithTimeout();

        Assert.Empty(rows);
    }

    [Fact]
    public async Task ReadRows_ByUnknownOrNonTextColumn_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.ReadRowsAsync("orders", "drop_id; DROP TABLE orders", "x", default).WithTimeout());
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.ReadRowsAsync("orders", "quantity", "1", default).WithTimeout());
    }
}
