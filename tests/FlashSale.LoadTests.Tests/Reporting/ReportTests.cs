using System.Text.Json;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;
using FlashSale.LoadTests.Reporting;

namespace FlashSale.LoadTests.Tests.Reporting;

public sealed class ReportTests
{
    [Fact]
    public void HtmlReport_Render_HasBothChartsAndFetchesNothing()
    {
        var html = HtmlReport.Render(Sample());

        Assert.Equal(2, CountOf(html, "<svg"));
        Assert.Contains("Latency over time", html, StringComparison.Ordinal);
        Assert.Contains("Throughput over time", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SummaryJson_Write_NamesRejectionsAndErrorsAndListsViolations()
    {
        using var stream = new MemoryStream();

        SummaryJson.Write(Sample(), stream);

        using var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;
        Assert.Equal(7, root.GetProperty("rejected").GetProperty("SOLD_OUT").GetInt64());
        Assert.Equal(2, root.GetProperty("errors").GetProperty("RESOURCE_EXHAUSTED").GetInt64());
        Assert.Equal(1, root.GetProperty("oversold").GetInt32());
        var violation = root.GetProperty("audit").GetProperty("violations")[0];
        Assert.Equal("oversold", violation.GetProperty("kind").GetString());
        Assert.Equal("d1", violation.GetProperty("ids")[0].GetString());
        Assert.False(root.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void MarkdownReport_Render_ListsOffendingIds()
    {
        var markdown = MarkdownReport.Render(Sample());

        Assert.Contains("oversold", markdown, StringComparison.Ordinal);
        Assert.Contains("Ids: d1", markdown, StringComparison.Ordinal);
        Assert.Contains("FAILED", markdown, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static RunResult Sample()
    {
        var stats = new RunStats(["grab"], 2, 5);
        stats.StartMeasuring(0);
        for (var i = 0; i < 10; i++)
        {
            stats.RecordValue(0, i, Outcome.Ok, 1_000 + i);
        }

        for (var i = 0; i < 7; i++)
        {
            stats.RecordValue(0, i, Outcome.Rejected((int)FlashSale.Api.V1.ResultCode.SoldOut), 500);
        }

        stats.RecordValue(0, 0, Outcome.Error((int)Grpc.Core.StatusCode.ResourceExhausted), 100);
        stats.RecordValue(0, 1, Outcome.Error((int)Grpc.Core.StatusCode.ResourceExhausted), 100);
        var audit = new AuditReport(
            [new DropAudit("d1", 10, 10, 1, 1, 11, 11, 0, 0)],
            [],
            3,
            [new Violation("oversold", "drop d1: 11 > 10", ["d1"])]);
        return new RunResult
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
            Audit = audit,
            ExitCode = 2,
        };
    }
}
