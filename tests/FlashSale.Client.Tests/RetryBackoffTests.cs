using FlashSale.Client.Resilience;

namespace FlashSale.Client.Tests;

public sealed class RetryBackoffTests
{
    private static readonly RetryOptions Options = RetryOptions.Default with { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

    [Theory]
    [InlineData(0, 50, 100)]
    [InlineData(1, 100, 200)]
    [InlineData(2, 200, 400)]
    [InlineData(5, 500, 1_000)]
    [InlineData(40, 500, 1_000)]
    public void Next_WithoutHint_DoublesWithinHalfJitterAndCaps(int retryIndex, int lowMs, int highMs)
    {
        var low = RetryBackoff.Next(Options, retryIndex, null, 0);
        var high = RetryBackoff.Next(Options, retryIndex, null, 0.999_999);

        Assert.Equal(TimeSpan.FromMilliseconds(lowMs), low);
        Assert.InRange(high.TotalMilliseconds, highMs - 1, highMs);
    }

    [Fact]
    public void Next_HintLongerThanBackoff_UsesTheHint()
    {
        var delay = RetryBackoff.Next(Options, 0, TimeSpan.FromMilliseconds(700), 0.5);

        Assert.Equal(TimeSpan.FromMilliseconds(700), delay);
    }

    [Fact]
    public void Next_HintShorterThanBackoff_KeepsBackingOff()
    {
        var delay = RetryBackoff.Next(Options, 3, TimeSpan.FromMilliseconds(10), 0);

        Assert.Equal(TimeSpan.FromMilliseconds(400), delay);
    }

    [Fact]
    public void ForAddress_InvalidRetryOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => FlashSaleChannel.ForAddress("http://127.0.0.1:1", new FlashSaleChannelOptions { Retry = RetryOptions.Default with { MaxAttempts = 0 } }));
    }
}
