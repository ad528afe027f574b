using System.Globalization;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;
using FlashSale.LoadTests.Reporting;

namespace FlashSale.LoadTests.Tests.Reporting;

/// <summary>The .hgrm files beside report.md are HdrHistogram's percentile distribution format.</summary>
public sealed class HgrmReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "flashsale-hgrm-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_WritesOneHgrmPerStepAndForAll_InThePercentileDistributionFormat()
    {
        var stats = new RunStats(["grab", "pay"], 2, 5);
        stats.StartMeasuring(0);
        for (var v = 1; v <= 1_000; v++)
        {
            stats.RecordValue(0, v, Outcome.Ok, v * 10);   // 10 µs … 10 ms
            stats.RecordValue(1, v, Outcome.Ok, 2_000);    // 2 ms
        }

        var result = new RunResult
        {
            Scenario = "hot-drop",
            StartedAt = DateTimeOffset.UnixEpoch,
            DurationSeconds = 2,
            Targets = ["http://127.0.0.1:5000/"],
            LoadDescription = "keep 2 users for 2s",
            Total = RunResultBuilder.Total(stats, 2),
            Steps = [.. stats.Steps.Select(s => RunResultBuilder.Step(s, 2))],
            Series = stats.Series.Points(2),
            Thresholds = [],
            Audit = new AuditReport([], [], 0, []),
            ExitCode = 0,
        };

        await ReportWriter.WriteAsync(result, _dir, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_dir, "report.md")));
        var grab = Parse(await File.ReadAllLinesAsync(Path.Combine(_dir, "latency-grab.hgrm")));
        var pay = Parse(await File.ReadAllLinesAsync(Path.Combine(_dir, "latency-pay.hgrm")));
        var all = Parse(await File.ReadAllLinesAsync(Path.Combine(_dir, "latency-all.hgrm")));

        // values in milliseconds, as in report.md
        Assert.Equal(1_000, grab.Rows[^1].TotalCount);
        Assert.InRange(grab.Rows[^1].ValueMs, 9.99, 10.01);
        Assert.InRange(grab.Rows.First(r => r.Percentile >= 0.5).ValueMs, 4.99, 5.01);
        Assert.InRange(grab.Mean, 5.0, 5.1);
        Assert.InRange(pay.Max, 1.99, 2.01);
        Assert.Equal(2_000, all.TotalCount);
        Assert.InRange(all.Rows.First(r => r.Percentile >= 0.5).ValueMs, 1.99, 2.01);
    }

    private static Hgrm Parse(string[] lines)
    {
        Assert.Matches(@"^\s*Value\s+Percentile\s+TotalCount\s+1/\(1-Percentile\)\s*$", lines[0]);
        var rows = new List<Row>();
        double? mean = null, max = null;
        long? total = null;
        foreach (var line in lines.Skip(1).Where(l => l.Trim().Length > 0))
        {
            if (line.StartsWith("#[", StringComparison.Ordinal))
            {
                mean ??= Field(line, "Mean");
                max ??= Field(line, "Max");
                total ??= (long?)Field(line, "Total count");
                continue;
            }

            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // value, percentile, total count, 1/(1-percentile); the last row (percentile 1) has no fourth column
            Assert.InRange(cells.Length, 3, 4);
            rows.Add(new Row(
                double.Parse(cells[0], CultureInfo.InvariantCulture),
                double.Parse(cells[1], CultureInfo.InvariantCulture),
                long.Parse(cells[2], CultureInfo.InvariantCulture)));
        }

        Assert.NotEmpty(rows);
        Assert.Equal(rows.OrderBy(r => r.Percentile).ToList(), rows);
        Assert.True(mean.HasValue, "no #[Mean ...] footer");
        Assert.True(max.HasValue, "no #[Max ...] footer");
        Assert.True(total.HasValue, "no #[Total count ...] footer");
        return new Hgrm(rows, mean.Value, max.Value, total.Value);
    }

    /// <summary>Reads "Name = value" from a footer line such as "#[Mean = 5.005, StdDeviation = 2.887]".</summary>
    private static double? Field(string line, string name)
    {
        var start = line.IndexOf(name, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var eq = line.IndexOf('=', start);
        var end = line.IndexOfAny([',', ']'], eq);
        return double.Parse(line[(eq + 1)..end].Trim(), CultureInfo.InvariantCulture);
    }

    private sealed record Row(double ValueMs, double Percentile, long TotalCount);

    private sealed record Hgrm(IReadOnlyList<Row> Rows, double Mean, double Max, long TotalCount);
}
