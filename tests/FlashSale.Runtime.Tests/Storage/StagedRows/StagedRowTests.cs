using FlashSale.Runtime.Storage;

namespace FlashSale.Runtime.Tests.Storage.StagedRows;

public sealed class StagedRowTests
{
    [Fact]
    public void Create_UnknownTable_Throws()
    {
        Assert.Throws<ArgumentException>(() => StagedRow.Create("grain_state", new Dictionary<string, object?> { ["grain_key"] = "x" }));
    }

    [Fact]
    public void Create_UnknownColumn_Throws()
    {
        var columns = new Dictionary<string, object?> { ["order_id"] = "o1", ["state; DROP TABLE orders"] = "x" };

        Assert.Throws<ArgumentException>(() => StagedRow.Create("orders", columns));
    }

    [Fact]
    public void Create_MissingKeyColumn_Throws()
    {
        Assert.Throws<ArgumentException>(() => StagedRow.Create("wallet_ledger", new Dictionary<string, object?> { ["user_id"] = "u1", ["amount"] = 5L }));
    }

    [Fact]
    public void Create_WrongValueType_Throws()
    {
        Assert.Throws<ArgumentException>(() => StagedRow.Create("orders", new Dictionary<string, object?> { ["order_id"] = "o1", ["quantity"] = "two" }));
    }

    [Fact]
    public void Create_NormalizesIntegersAndTimestamps()
    {
        var at = new DateTimeOffset(2026, 11, 11, 20, 0, 0, TimeSpan.FromHours(8));

        var row = StagedRow.Create("orders", new Dictionary<string, object?> { ["order_id"] = "o1", ["quantity"] = 2, ["created_at"] = at });

        Assert.Equal(2L, row.Columns["quantity"]);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)row.Columns["created_at"]!).Offset);
        Assert.Equal(at, (DateTimeOffset)row.Columns["created_at"]!);
        Assert.Equal("o1", row.Key);
    }
}
