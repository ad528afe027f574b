using System.Globalization;

namespace FlashSale.LoadTests.Reporting;

/// <summary>report.csv: one row per second (the chart data), for spreadsheets.</summary>
internal static class CsvReport
{
    public static void Write(RunResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("second,requests,ok,rejected,errors,p50_ms,p99_ms");
        foreach (var p in result.Series)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{p.Second},{p.Requests},{p.Ok},{p.Rejected},{p.Errors},{p.P50Ms:0.###},{p.P99Ms:0.###}"));
        }
    }
}
