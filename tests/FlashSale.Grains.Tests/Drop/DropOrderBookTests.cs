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
            book.Add(sequence, $"u{sequence}", "", Record(OrderState.Paid));
        }

        Assert.Equal(sequences.Length, book.Count);
        Assert.Equal(100_000, book.Highest);
        foreach (var sequence in sequences)
        {
            Assert.True(book.Contains(sequence));
            Assert.Equal($"u{sequence}", book.UserId(book.Get(sequence)));
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
        book.Add(7, "alice", "", Record(OrderState.PendingPayment));

        book.Get(7).State = OrderState.Paid;
        book.Get(7).PaidAmount = 42;

        Assert.Equal((OrderState.Paid, 42L), (book.Get(7).State, book.Get(7).PaidAmount));
    }

    [Fact]
    public void Add_SameSequenceTwiceOrWithoutState_Throws()
    {
        var book = new DropOrderBook();
        book.Add(1, "alice", "", Record(OrderState.Paid));

        Assert.Throws<InvalidOperationException>(() => book.Add(1, "bob", "", Record(OrderState.Paid)));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Add(2, "bob", "", Record(OrderState.Unspecified)));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Add(0, "bob", "", Record(OrderState.Paid)));
        Assert.Equal("alice", book.UserId(book.Get(1)));
    }

    [Fact]
    public void NextPending_SkipsSettledOrders_AndSeesOrdersThatSettleOrArriveLater()
    {
        var book = new DropOrderBook();
        book.Add(1, "a", "", Record(OrderState.Paid));
        book.Add(2, "b", "", Record(OrderState.PendingPayment));
        book.Add(3, "c", "", Record(OrderState.Cancelled));
        book.Add(4, "d", "", Record(OrderState.PendingPayment));
        book.Add(600, "e", "", Record(OrderState.PendingPayment));

        Assert.Equal(2, book.NextPending());
        Assert.Equal(4, book.NextPending(2));
        Assert.Equal(600, book.NextPending(4));
        Assert.Equal(0, book.NextPending(600));

        book.Get(2).State = OrderState.Expired;
        book.Get(4).State = OrderState.Paid;
        Assert.Equal(600, book.NextPending());

        book.Get(600).State = OrderState.Expired;
        Assert.Equal(0, book.NextPending());
        book.Add(601, "f", "", Record(OrderState.PendingPayment));
        Assert.Equal(601, book.NextPending());
    }

    [Fact]
    public void NextPending_PendingOrderAddedBelowTheScannedMark_IsFound()
    {
        var book = new DropOrderBook();
        book.Add(10, "a", "", Record(OrderState.Paid));
        Assert.Equal(0, book.NextPending());

        // Activation loads rows in sequence order, but the book does not rely on it.
        book.Add(5, "b", "", Record(OrderState.PendingPayment));

        Assert.Equal(5, book.NextPending());
    }

    [Fact]
    public void UnitsOf_CountsOnlyStatesThatHoldUnits_PerUser()
    {
        var book = new DropOrderBook();
        book.Add(1, "alice", "", Record(OrderState.PendingPayment, quantity: 2));
        book.Add(2, "alice", "", Record(OrderState.Paid, quantity: 3));
        book.Add(3, "alice", "", Record(OrderState.Cancelled, quantity: 5));
        book.Add(4, "bob", "", Record(OrderState.Refunded, quantity: 1));
        book.Add(5, "bob", "", Record(OrderState.Expired, quantity: 7));

        Assert.Equal((5, 1, 0), (book.UnitsOf("alice"), book.UnitsOf("bob"), book.UnitsOf("carol")));

        book.Get(1).State = OrderState.Expired;
        book.AddUnits(book.Get(1), -2);
        Assert.Equal(3, book.UnitsOf("alice"));
        Assert.True(book.IsUser(book.Get(4), "bob"));
        Assert.False(book.IsUser(book.Get(4), "bo"));
    }

    [Fact]
    public void TryFindByKey_IsScopedToTheUser_AndTheLatestOrderTakesTheKeyOver()
    {
        var book = new DropOrderBook();
        book.Add(1, "alice", "k1", Record(OrderState.PendingPayment));
        book.Add(2, "bob", "k1", Record(OrderState.PendingPayment));
        book.Add(3, "alice", "", Record(OrderState.PendingPayment));

        Assert.True(book.TryFindByKey("alice", "k1", out var alices));
        Assert.True(book.TryFindByKey("bob", "k1", out var bobs));
        Assert.Equal((1L, 2L), (alices, bobs));
        Assert.False(book.TryFindByKey("alice", "k2", out _));
        Assert.False(book.TryFindByKey("carol", "k1", out _));
        Assert.False(book.TryFindByKey("alice", "", out _));
        Assert.Equal("k1", book.IdempotencyKey(book.Get(2)));
        Assert.Equal("", book.IdempotencyKey(book.Get(3)));

        book.Add(4, "alice", "k1", Record(OrderState.Paid));
        Assert.True(book.TryFindByKey("alice", "k1", out var latest));
        Assert.Equal(4L, latest);
    }

    [Fact]
    public void ManyUsersAndKeys_ThroughTableGrowth_AreAllFoundWithTheirText()
    {
        var book = new DropOrderBook();
        const int orders = 50_000;
        for (var i = 1; i <= orders; i++)
        {
            // 20,000 users with 2–3 orders each; keys long enough to fill many arena chunks.
            book.Add(i, $"user-{i % 20_000}", $"key-{i}-{new string('x', i % 97)}", Record(OrderState.PendingPayment));
        }

        for (var i = 1; i <= orders; i++)
        {
            Assert.True(book.TryFindByKey($"user-{i % 20_000}", $"key-{i}-{new string('x', i % 97)}", out var sequence));
            Assert.Equal(i, sequence);
            Assert.Equal($"user-{i % 20_000}", book.UserId(book.Get(i)));
            Assert.Equal($"key-{i}-{new string('x', i % 97)}", book.IdempotencyKey(book.Get(i)));
        }

        Assert.Equal(3, book.UnitsOf("user-1"));
        Assert.Equal(2, book.UnitsOf("user-19999"));
        Assert.False(book.TryFindByKey("user-2", "key-1-x", out _));
    }

    [Fact]
    public void CouponId_IsKeptPerOrderAndClearedByAnEmptyId()
    {
        var book = new DropOrderBook();
        book.Add(1, "alice", "", Record(OrderState.Paid));
        book.Add(2, "bob", "", Record(OrderState.Paid));

        book.SetCouponId(1, "pool/7");

        Assert.Equal(("pool/7", ""), (book.CouponId(1), book.CouponId(2)));
        book.SetCouponId(1, "");
        Assert.Equal("", book.CouponId(1));
    }

    private static OrderRecord Record(OrderState state, int quantity = 1) => new()
    {
        State = state,
        Quantity = quantity,
    };
}
