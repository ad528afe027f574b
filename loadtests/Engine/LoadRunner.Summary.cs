using System.Globalization;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Load;
using FlashSale.LoadTests.Metrics;
using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Engine;

internal sealed partial class LoadRunner
{
    private RunResult BuildResult(
        Scenario scenario, RunStats stats, LoadDriver driver, AuditReport? audit, DateTimeOffset startedAt, double seconds, IReadOnlyList<string> targets, string load)
    {
        var total = RunResultBuilder.Total(stats, seconds);
        var thresholds = options.Thresholds.Evaluate(RunResultBuilder.Measured(total));
        return new RunResult
        {
            Scenario = scenario.Name,
            StartedAt = startedAt,
            DurationSeconds = seconds,
            Targets = targets,
            LoadDescription = load,
            Total = total,
            Steps = [.. stats.Steps.Select(s => RunResultBuilder.Step(s, seconds))],
            Series = stats.Series.Points((int)Math.Ceiling(seconds)),
            Thresholds = thresholds,
            Audit = audit,
            DroppedCalls = driver.Dropped,
            Faults = driver.Faults,
            ExitCode = RunResultBuilder.ExitCode(thresholds, audit),
        };
    }

    /// <summary>The verdict's reasons come last, where a person reading a CI log looks first.</summary>
    private void PrintSummary(RunResult r, string directory)
    {
        var ic = CultureInfo.InvariantCulture;
        var l = r.Total.Latency;
        output.WriteLine(string.Create(ic, $"{r.Scenario}: {r.Total.Requests} requests in {r.DurationSeconds:0.##}s = {r.Total.Rps:0} rps; ok {r.Total.Ok}, rejected {r.RejectedCount}, errors {r.ErrorCount}"));
        foreach (var s in r.Steps)
        {
            output.WriteLine(string.Create(ic, $"  {s.Name,-8} {s.Requests,9} req {s.Rps,9:0} rps  p50 {s.Latency.P50:0.00}  p99 {s.Latency.P99:0.00}  max {s.Latency.Max:0.00} ms"));
        }

        output.WriteLine(string.Create(ic, $"latency ms: p50 {l.P50:0.00}  p75 {l.P75:0.00}  p95 {l.P95:0.00}  p99 {l.P99:0.00}  p99.9 {l.P999:0.00}  max {l.Max:0.00}"));
        if (r.Faults > 0)
        {
            output.WriteLine($"iterations that threw: {r.Faults}");
        }

        if (r.Audit is { } audit)
        {
            var t = audit.Totals();
            output.WriteLine($"audit: quantity {t.Quantity}, sold {t.Sold}, reserved {t.Reserved}, oversold {t.Oversold}, acked orders {t.AckedOrders}, stored orders {t.StoredOrders}, lost acks {t.LostAcks}, over limit {t.PerUserLimitViolations}, wallets checked {audit.WalletsChecked}: {(audit.Passed ? "clean" : "VIOLATIONS")}");
        }

        output.WriteLine($"reports: {Path.GetFullPath(directory)}");
        if (r.Audit is { Passed: false } failed)
        {
            output.WriteLine("AUDIT VIOLATIONS:");
            foreach (var v in failed.Violations)
            {
                output.WriteLine($"  {v.Kind}: {v.Message} [{string.Join(", ", v.Ids.Take(20))}{(v.Ids.Count > 20 ? ", …" : "")}]");
            }
        }

        var missed = r.Thresholds.Where(t => !t.Passed).ToList();
        if (missed.Count > 0)
        {
            output.WriteLine("MISSED THRESHOLDS:");
            foreach (var t in missed)
            {
                output.WriteLine($"  {t.Name}: {t.Actual}, limit {t.Limit}");
            }
        }

        output.WriteLine(r.ExitCode == 0 ? "PASSED" : $"FAILED (exit {r.ExitCode})");
    }

    private static string Describe(LoadPlan plan) =>
        string.Join(", ", plan.Simulations.Select(s => s switch
        {
            Inject i => string.Create(CultureInfo.InvariantCulture, $"inject {i.Rate:0.#}/s for {i.During.TotalSeconds:0.#}s"),
            RampingInject r => string.Create(CultureInfo.InvariantCulture, $"ramp inject to {r.Rate:0.#}/s over {r.During.TotalSeconds:0.#}s"),
            KeepConstant k => string.Create(CultureInfo.InvariantCulture, $"keep {k.Copies} users for {k.During.TotalSeconds:0.#}s"),
            RampingConstant c => string.Create(CultureInfo.InvariantCulture, $"ramp to {c.Copies} users over {c.During.TotalSeconds:0.#}s"),
            _ => s.ToString(),
        }));
}
