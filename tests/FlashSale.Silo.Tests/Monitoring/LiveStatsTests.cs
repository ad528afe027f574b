using System.Diagnostics.Metrics;
using FlashSale.Silo.Monitoring;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Monitoring;

public sealed class LiveStatsTests
{
    [Fact]
    public void Window_SplitsTrafficByWindowAndForgetsWhatIsOlder()
    {
        // Arrange
        var time = new FakeTimeProvider();
        using var stats = new LiveStats(time);

        // Act: 30 grabs a second for a minute, then 10 a second for a minute.
        for (var second = 0; second < 120; second++)
        {
            for (var i = 0; i < (second < 60 ? 30 : 10); i++)
            {
                stats.RecordGrab(ok: true, rejectionReason: null, TimeSpan.FromMilliseconds(2));
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        // Assert: the clock sits at the start of second 120, which is empty; the last minute is seconds 61..120, the one before 1..60.
        var last = stats.Window(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var previous = stats.Window(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        Assert.Equal(59 * 10, last.Grabs);
        Assert.Equal((59 * 30) + 10, previous.Grabs);
        Assert.Equal(60, last.Seconds);
        time.Advance(TimeSpan.FromSeconds(LiveStats.Seconds));
        Assert.Equal(0, stats.Window(TimeSpan.FromMinutes(2), TimeSpan.Zero).Grabs);
    }

    [Fact]
    public void GrabLatency_P99_IsTheSlowPercentsBucket()
    {
        // Arrange
        var time = new FakeTimeProvider();
        using var stats = new LiveStats(time);

        // Act: 98 fast grabs, 2 slow ones.
        for (var i = 0; i < 98; i++)
        {
            stats.RecordGrab(ok: true, null, TimeSpan.FromMilliseconds(1));
        }

        stats.RecordGrab(ok: false, "sold_out", TimeSpan.FromMilliseconds(40));
        stats.RecordGrab(ok: false, "sold_out", TimeSpan.FromMilliseconds(40));
        var window = stats.Window(TimeSpan.FromSeconds(10), TimeSpan.Zero);

        // Assert: within the bucket's width (half an octave) above the true value.
        var p99 = window.GrabLatency(0.99)!.Value;
        var p50 = window.GrabLatency(0.50)!.Value;
        Assert.InRange(p99.TotalMilliseconds, 40, 40 * 1.5);
        Assert.InRange(p50.TotalMilliseconds, 1, 1.5);
        Assert.Equal(2, window.Rejections["sold_out"]);
    }

    [Fact]
    public void Rejections_FromAnyFlashSaleCounterNamedRejectWithReason_AreCounted()
    {
        // Arrange: a counter as the anti-abuse rules emit it, in another Meter instance of the same name.
        var time = new FakeTimeProvider();
        using var stats = new LiveStats(time);
        using var meter = new Meter(FlashSaleMetrics.MeterName);
        var rejections = meter.CreateCounter<long>("flashsale.abuse.rejections");
        var unrelated = meter.CreateCounter<long>("flashsale.other");

        // Act
        rejections.Add(3, new KeyValuePair<string, object?>("reason", "blocklisted"));
        unrelated.Add(5, new KeyValuePair<string, object?>("reason", "not-a-rejection"));

        // Assert
        var window = stats.Window(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        Assert.Equal(3, window.Rejections["blocklisted"]);
        Assert.False(window.Rejections.ContainsKey("not-a-rejection"));
    }
}
