using System.Globalization;
using Spectre.Console;

namespace FlashSale.LoadTests.Console;

/// <summary>Shows progress while the load runs: a Spectre.Console live table on a terminal, or
/// a plain line every few seconds when output is redirected or CI=true (no escape codes in logs).</summary>
internal static class ProgressView
{
    public static bool UseLive(bool plainRequested) =>
        !plainRequested
        && !System.Console.IsOutputRedirected
        && !IsTrue(Environment.GetEnvironmentVariable("CI"))
        && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Refreshes until <paramref name="run"/> completes.</summary>
    public static async Task ShowAsync(bool live, string title, ProgressSampler sampler, Task run)
    {
        if (!live)
        {
            while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5))) != run)
            {
                System.Console.WriteLine(Line(sampler.Take()));
            }

            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        foreach (var column in new[] { "progress", "rps", "ok", "rejected", "errors", "p50 ms", "p99 ms" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.AddRow("", "", "", "", "", "", "");
        await AnsiConsole.Live(table).AutoClear(false).StartAsync(async ctx =>
        {
            do
            {
                var s = sampler.Take();
                var cells = Cells(s);
                for (var i = 0; i < cells.Length; i++)
                {
                    table.UpdateCell(0, i, new Markup(Markup.Escape(cells[i])));
                }

                ctx.Refresh();
            }
            while (await Task.WhenAny(run, Task.Delay(500)) != run);
        });
    }

    public static string Line(ProgressSnapshot s) => string.Join("  ", Cells(s).Zip(["", "rps", "ok", "rejected", "errors", "p50", "p99"], (v, n) => n.Length == 0 ? v : $"{n} {v}"));

    private static string[] Cells(ProgressSnapshot s)
    {
        var ic = CultureInfo.InvariantCulture;
        // Elapsed is negative during the warm-up (the clock starts after it): show an empty bar.
        var elapsed = Math.Max(0, s.Elapsed);
        var percent = s.Planned <= 0 ? 100 : Math.Min(100, 100 * elapsed / s.Planned);
        return
        [
            string.Create(ic, $"{Bar(percent)} {elapsed:0}/{s.Planned:0}s"),
            s.Rps.ToString("0", ic),
            s.Ok.ToString(ic),
            s.Rejected.ToString(ic),
            s.Errors.ToString(ic),
            s.P50Ms.ToString("0.00", ic),
            s.P99Ms.ToString("0.00", ic),
        ];
    }

    private static string Bar(double percent)
    {
        var filled = (int)Math.Round(percent / 10);
        return new string('#', filled) + new string('.', 10 - filled);
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
