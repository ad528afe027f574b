using System.Text;

namespace FlashSale.LoadTests.Reporting;

/// <summary>report.html: the markdown report's content plus latency-over-time and
/// throughput-over-time charts, self-contained (inline SVG and CSS, nothing fetched).</summary>
internal static class HtmlReport
{
    public static string Render(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var p50 = r.Series.Select(p => p.P50Ms).ToArray();
        var p99 = r.Series.Select(p => p.P99Ms).ToArray();
        var ok = r.Series.Select(p => (double)p.Ok).ToArray();
        var rejected = r.Series.Select(p => (double)p.Rejected).ToArray();
        var errors = r.Series.Select(p => (double)p.Errors).ToArray();

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(SvgChart.Escape($"Load test: {r.Scenario}"))
            .Append("</title><style>body{font-family:sans-serif;margin:2em;max-width:64em}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#f4f4f4}")
            .Append("pre{white-space:pre-wrap;background:#f8f8f8;padding:1em}.fail{color:#b00}.pass{color:#070}</style></head><body>");
        sb.Append("<h1>").Append(SvgChart.Escape(r.Scenario)).Append(r.ExitCode == 0 ? " <span class=\"pass\">passed</span>" : " <span class=\"fail\">failed</span>").Append("</h1>");
        sb.Append("<h2>Latency over time</h2>");
        sb.Append(SvgChart.Render("latency", "ms", [("p50", "#1f77b4", p50), ("p99", "#d62728", p99)]));
        sb.Append("<h2>Throughput over time</h2>");
        sb.Append(SvgChart.Render("throughput", "calls/s", [("ok", "#2ca02c", ok), ("rejected", "#ff7f0e", rejected), ("errors", "#d62728", errors)]));
        sb.Append("<h2>Report</h2><pre>").Append(SvgChart.Escape(MarkdownReport.Render(r))).Append("</pre>");
        sb.Append("</body></html>");
        return sb.ToString();
    }
}
