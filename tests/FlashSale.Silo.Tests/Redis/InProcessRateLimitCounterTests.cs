using FlashSale.Silo.RateLimiting;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>The in-process equivalent of the Redis limiter (used without Redis and during an outage).</summary>
public sealed class InProcessRateLimitCounterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [Fact]
    public void Acquire_PastTheLimit_RejectsWithTimeUntilTheWindowEnds()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var counter = new InProcessRateLimitCounter(time);
        RateLimitKey[] user = [new("user:bot", 3)];

        // Act
        var allowed = Enumerable.Range(0, 3).Select(_ => counter.Acquire(user, Window)).ToList();
        time.Advance(TimeSpan.FromMilliseconds(400));
        var rejected = counter.Acquire(user, Window);

        // Assert
        Assert.All(allowed, r => Assert.True(r.IsAllowed));
        Assert.False(rejected.IsAllowed);
        Assert.Equal(0, rejected.RejectedIndex);
        Assert.Equal(TimeSpan.FromMilliseconds(600), rejected.RetryAfter);
    }

    [Fact]
    public void Acquire_AfterTheWindowEnds_AllowsAgain()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var counter = new InProcessRateLimitCounter(time);
        RateLimitKey[] user = [new("user:bot", 2)];
        counter.Acquire(user, Window);
        counter.Acquire(user, Window);
        Assert.False(counter.Acquire(user, Window).IsAllowed);

        // Act
        time.Advance(Window);
        var next = counter.Acquire(user, Window);

        // Assert
        Assert.True(next.IsAllowed);
    }

    [Fact]
    public void Acquire_DifferentUsers_CountSeparately()
    {
        // Arrange
        var counter = new InProcessRateLimitCounter(new FakeTimeProvider());
        RateLimitKey[] amy = [new("user:amy", 1)];
        RateLimitKey[] ben = [new("user:ben", 1)];

        // Act
        var amyFirst = counter.Acquire(amy, Window);
        var benFirst = counter.Acquire(ben, Window);
        var amySecond = counter.Acquire(amy, Window);

        // Assert
        Assert.True(amyFirst.IsAllowed);
        Assert.True(benFirst.IsAllowed);
        Assert.False(amySecond.IsAllowed);
    }

    [Fact]
    public void Acquire_UserAndAddress_ReportsTheAddressWhenOnlyItIsExceeded()
    {
        // Arrange: two users behind one address limited to 2 calls.
        var counter = new InProcessRateLimitCounter(new FakeTimeProvider());
        counter.Acquire([new("user:amy", 10), new("addr:10.0.0.1", 2)], Window);
        counter.Acquire([new("user:ben", 10), new("addr:10.0.0.1", 2)], Window);

        // Act
        var third = counter.Acquire([new("user:cai", 10), new("addr:10.0.0.1", 2)], Window);

        // Assert
        Assert.False(third.IsAllowed);
        Assert.Equal(1, third.RejectedIndex);
    }

    [Fact]
    public void Acquire_AfterIdleKeysWindowsEnded_SweepsThem()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var counter = new InProcessRateLimitCounter(time);
        for (var i = 0; i < 50; i++)
        {
            counter.Acquire([new($"user:{i}", 5)], Window);
        }

        Assert.Equal(50, counter.Count);

        // Act
        time.Advance(Window + Window);
        counter.Acquire([new("user:late", 5)], Window);

        // Assert: only the new caller's window is left.
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task AcquireAsync_Hammered_NeverAllowsMoreThanTheLimitPerWindow()
    {
        // Arrange
        var counter = new InProcessRateLimitCounter(new FakeTimeProvider());
        RateLimitKey[] user = [new("user:script", 20)];

        // Act: a script fires 1,000 calls at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 1_000)
            .Select(_ => Task.Run(() => counter.AcquireAsync(user, Window).AsTask()))).WithTimeout();

        // Assert
        Assert.Equal(20, results.Count(r => r.IsAllowed));
    }
}
