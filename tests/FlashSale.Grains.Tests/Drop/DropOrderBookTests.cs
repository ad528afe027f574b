using FlashSale.Api.V1;
using FlashSale.Grains.Drop;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropOrderBookTests
{
    [Fact]
    public void Add_AcrossChunksAndGaps_StoresEachSequenceAndNothingElse()
    {
        var book = new DropOrderBook();
        long[] sequences = [1, 2, 511, 512, 513, 1024, 5_000, 100_000];
        foreach (var sequence in sequences)
        {
            book.Add(sequence, Record(OrderState.Paid, $"u{sequence}"));
        }

        Assert.Equal(sequences.Length, book.Count);
        Assert.Equal(100_000, book.Highest);
        foreach (var sequence in sequences)
        {
            Assert.True(book.Contains(sequence));
            Assert.Equal($"u{sequence}", book.Get(sequence).UserId);
        }

        foreach (var absent in new long[] { 0, -1, 3, 510, 514, 4_999, 50_000, 99_999, 100_001, long.MaxValue })
        {
            Assert.False(book.Contains(absent));
        }

        Assert.Throws<KeyNotFoundException>(() => book.Get(3));
    }

    [Fact]
    public void Get_ReturnsTheStoredRecordForChangesInPlace()
    {
        var book = new DropOrderBook();
        book.Add(7, Record(OrderState.PendingPayment, "alice"));

        book.Get(7).State = OrderState.Paid;
        book.Get(7).PaidAmount = 42;

        Assert.Equal((OrderState.Paid, 42L), (book.Get(7).State, book.Get(7).PaidAmount));
    }

    [Fact]
    public void Add_SameSequenceTwiceOrWithoutState_Throws()
    {
        var book = new DropOrderBook();
        book.Add(1, Record(OrderState.Paid, "alice"));

        Assert.Throws<InvalidOperationException>(() => book.Add(1, Record(OrderState.Paid, "bob")));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Add(2, Record(OrderState.Unspecified, "bob")));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Add(0, Record(OrderState.Paid, "bob")));
        Assert.Equal("alice", book.Get(1).UserId);
    }

    [Fact]
    public void NextPending_SkipsSettledOrders_AndSeesOrdersThatSettleOrArriveLater()
    {
        var book = new DropOrderBook();
        book.Add(1, Record(OrderState.Paid, "a"));
        book.Add(2, Record(OrderState.PendingPayment, "b"));
        book.Add(3, Record(OrderState.Cancelled, "c"));
        book.Add(4, Record(OrderState.PendingPayment, "d"));
        book.Add(600, Record(OrderState.PendingPayment, "e"));

        Assert.Equal(2, book.NextPending());
        Assert.Equal(4, book.NextPending(2));
        Assert.Equal(600, book.NextPending(4));
        Assert.Equal(0, book.NextPending(600));

        book.Get(2).State = OrderState.Expired;
        book.Get(4).State = OrderState.Paid;
        Assert.Equal(600, book.NextPending());

        book.Get(600).State = OrderState.Expired;
        Assert.Equal(0, book.NextPending());
        book.Add(601, Record(OrderState.PendingPayment, "f"));
        Assert.Equal(601, book.NextPending());
    }

    [Fact]
    public void NextPending_PendingOrderAddedBelowTheScannedMark_IsFound()
    {
        var book = new DropOrderBook();
        book.Add(10, Record(OrderState.Paid, "a"));
        Assert.Equal(0, book.NextPending());

        // Activation loads rows in sequence order, but the book does not rely on it.
        book.Add(5, Record(OrderState.PendingPayment, "b"));

        Assert.Equal(5, book.NextPending());
    }

    private static OrderRecord Record(OrderState state, string user) => new()
    {
        UserId = user,
        IdempotencyKey = string.Empty,
        CouponId = string.Empty,
        State = state,
        Quantity = 1,
    };
}
