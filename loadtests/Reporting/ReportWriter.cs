using System.Text;

namespace FlashSale.LoadTests.Reporting;

/// <summary>Writes report.md, report.html, report.csv, summary.json and one HdrHistogram
/// percentile distribution (.hgrm) per step and for the whole run into the report folder.</summary>
internal static class ReportWriter
{
    public static async Task WriteAsync(RunResult result, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), MarkdownReport.Render(result), utf8, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), HtmlReport.Render(result), utf8, cancellationToken);
        await using (var csv = new StreamWriter(Path.Combine(directory, "report.csv"), append: false, utf8))
        {
            CsvReport.Write(result, csv);
        }

        await using (var json = File.Create(Path.Combine(directory, "summary.json")))
        {
            SummaryJson.Write(result, json);
        }

        foreach (var step in result.Steps.Prepend(result.Total))
        {
            if (step.Histogram is { } histogram)
            {
                await using var hgrm = new StreamWriter(Path.Combine(directory, HgrmFileName(step.Name)), append: false, utf8);
                HgrmReport.Write(histogram, hgrm);
            }
        }
    }

    /// <summary>latency-&lt;step&gt;.hgrm; the whole run is latency-all.hgrm.</summary>
    public static string HgrmFileName(string step) => $"latency-{step}.hgrm";
}
