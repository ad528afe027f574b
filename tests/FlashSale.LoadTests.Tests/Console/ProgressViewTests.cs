using FlashSale.LoadTests.Console;

namespace FlashSale.LoadTests.Tests.Console;

public sealed class ProgressViewTests
{
    [Fact]
    public void Line_DuringWarmUp_ShowsAnEmptyBarInsteadOfFailing()
    {
        // The measuring clock starts after the warm-up, so elapsed is negative until then.
        var line = ProgressView.Line(new ProgressSnapshot(-4.6, 10, 0, 0, 0, 0, 0, 0, 0));

        Assert.StartsWith(".......... 0/10s", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_HalfWay_FillsHalfTheBar()
    {
        var line = ProgressView.Line(new ProgressSnapshot(5, 10, 100, 90, 6, 4, 20, 1.5, 9.25));

        Assert.StartsWith("#####..... 5/10s", line, StringComparison.Ordinal);
        Assert.Contains("ok 90", line, StringComparison.Ordinal);
        Assert.Contains("p99 9.25", line, StringComparison.Ordinal);
    }
}
