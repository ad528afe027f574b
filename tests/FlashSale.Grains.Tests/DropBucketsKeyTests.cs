namespace FlashSale.Grains.Tests;

/// <summary>Bucket keys, the user → bucket hash and page tokens of bucketed drops.</summary>
public sealed class DropBucketsKeyTests
{
    [Theory]
    [InlineData("hot~0", "hot", 0)]
    [InlineData("a.b:c-d_e~63", "a.b:c-d_e", 63)]
    public void TryParse_BucketKey_GivesDropAndIndex(string key, string dropId, int index)
    {
        Assert.True(DropBuckets.TryParse(key, out var parsedDrop, out var parsedIndex));
        Assert.Equal((dropId, index), (parsedDrop, parsedIndex));
        Assert.Equal(key, DropBuckets.Key(dropId, index));
    }

    [Theory]
    [InlineData("hot")]
    [InlineData("hot~")]
    [InlineData("~1")]
    [InlineData("hot~64")]
    [InlineData("hot~01")]
    [InlineData("hot~-1")]
    [InlineData("a~b~1")]
    [InlineData(null)]
    public void TryParse_NotABucketKey_IsFalse(string? key)
    {
        Assert.False(DropBuckets.TryParse(key, out _, out _));
    }

    [Fact]
    public void IndexOf_IsAFixedHashOfTheUserId()
    {
        // Pinned: changing the hash would move users to other buckets in the middle of a drop
        // (and silos of two versions would disagree), breaking the per-user limit.
        Assert.Equal(39, DropBuckets.IndexOf("alice", 64));
        Assert.Equal(2, DropBuckets.IndexOf("bob", 6));
        Assert.Equal(5, DropBuckets.IndexOf("shopper-42", 7));
        Assert.Equal(0, DropBuckets.IndexOf("anyone", 1));
    }

    [Fact]
    public void IndexOf_ManyUsers_UsesEveryBucket()
    {
        var counts = Enumerable.Range(0, 6_000).GroupBy(i => DropBuckets.IndexOf($"u{i}", 6)).Select(g => g.Count()).ToArray();

        Assert.Equal(6, counts.Length);
        Assert.All(counts, c => Assert.InRange(c, 800, 1_200));
    }

    [Fact]
    public void TryReadToken_TokenOfABucketsOrder_NamesTheBucket()
    {
        var token = DropOrderPages.Token("hot~3/17");

        Assert.True(DropOrderPages.TryReadToken(token, "hot", out var owner, out var after));
        Assert.Equal(("hot~3", 17L), (owner, after));
        Assert.False(DropOrderPages.TryReadToken(token, "hot", out _));
        Assert.False(DropOrderPages.TryReadToken(token, "other", out _, out _));
        Assert.True(DropOrderPages.TryReadToken(token, "hot~3", out var inBucket));
        Assert.Equal(17, inBucket);
    }
}
