using System.Text;
using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.Sqlite;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Microsoft.Data.Sqlite;

namespace FlashSale.Runtime.Tests.Storage.StagedRows;

/// <summary>The SQLite row upsert binds and steps native statements itself, so its failure path
/// is tested here: a row that fails mid-batch rolls back the state and the earlier rows, and the
/// session's cached statement is left reset and usable for the next write.</summary>
public sealed class SqliteStagedRowFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Write_RowFailsMidBatch_WritesNothingAndTheNextWriteSucceeds()
    {
        // Arrange: a trigger refuses one order id; a grain with a first state and row.
        var path = _dir.File("rows.db");
        var storage = new SqliteGrainStorage(new SqliteDatabase(path));
        var id = new GrainId("staged", "g1");
        var etag = await storage.WriteAsync(id, Bytes("v1"), null, [Order("o-1")], default).WithTimeout();
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON orders WHEN NEW.order_id = 'poison' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;";
            await trigger.ExecuteNonQueryAsync();
        }

        // Act: state v2 with a good row, the refused row, and another good row.
        var failure = await Assert.ThrowsAsync<SqliteException>(() =>
            storage.WriteAsync(id, Bytes("v2"), etag, [Order("o-2"), Order("poison"), Order("o-3")], default).WithTimeout());
        var afterFailure = await storage.ReadAsync(id, default).WithTimeout();
        var rowsAfterFailure = await OrderIds(storage);
        var retried = await storage.WriteAsync(id, Bytes("v2"), etag, [Order("o-2"), Order("o-3")], default).WithTimeout();
        var afterRetry = await storage.ReadAsync(id, default).WithTimeout();

        // Assert
        Assert.Contains("refused by test", failure.Message, StringComparison.Ordinal);
        Assert.Equal("v1", Encoding.UTF8.GetString(afterFailure!.Data));
        Assert.Equal(etag, afterFailure.Etag);
        Assert.Equal(["o-1"], rowsAfterFailure);
        Assert.NotEqual(etag, retried);
        Assert.Equal("v2", Encoding.UTF8.GetString(afterRetry!.Data));
        Assert.Equal(["o-1", "o-2", "o-3"], await OrderIds(storage));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<List<string>> OrderIds(SqliteGrainStorage storage) =>
        [.. (await storage.ReadRowsAsync("orders", default).WithTimeout()).Select(r => (string)r["order_id"]!).Order(StringComparer.Ordinal)];

    private static StagedRow Order(string orderId) => StagedRow.Create("orders", new Dictionary<string, object?>
    {
        ["order_id"] = orderId,
        ["drop_id"] = "drop-1",
        ["user_id"] = "u-" + orderId,
        ["quantity"] = 1,
        ["unit_price"] = 9_900L,
        ["state"] = "PendingPayment",
        ["created_at"] = new DateTimeOffset(2026, 11, 11, 20, 0, 0, TimeSpan.Zero),
    });
}
