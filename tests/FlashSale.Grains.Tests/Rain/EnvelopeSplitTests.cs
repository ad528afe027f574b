using FlashSale.Grains.Rain;

namespace FlashSale.Grains.Tests.Rain;

public sealed class EnvelopeSplitTests
{
    [Theory]
    [InlineData(1L, 1)]
    [InlineData(100L, 100)]
    [InlineData(101L, 100)]
    [InlineData(10_000L, 7)]
    [InlineData(1_000_000_000_000L, 10_000)]
    public void Split_AnyTotal_SumsExactlyWithEveryEnvelopeAtLeastOneFen(long total, int count)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var amounts = EnvelopeSplit.Split(total, count, new Random(seed));

            Assert.Equal(count, amounts.Length);
            Assert.Equal(total, amounts.Sum());
            Assert.All(amounts, a => Assert.True(a >= 1));
        }
    }

    [Fact]
    public void Split_ManyEnvelopes_AreNotAllEqualAndNoneExceedsTwiceTheAverageOfWhatWasLeft()
    {
        var amounts = EnvelopeSplit.Split(100_000, 100, new Random(7));

        Assert.True(amounts.Distinct().Count() > 10);
        Assert.True(amounts.Max() < 2 * 1_000 * 2);
    }

    [Fact]
    public void Split_TotalBelowCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EnvelopeSplit.Split(9, 10, new Random(1)));
    }
}
