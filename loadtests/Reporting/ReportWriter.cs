using System.Text;

namespace FlashSale.LoadTests.Reporting;

/// <summary>Writes report.md, report.html, report.csv and summary.json into the report folder.</summary>
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

        await using var json = File.Create(Path.Combine(directory, "summary.json"));
        SummaryJson.Write(result, json);
    }
}
