using System.Globalization;
using System.Text;

namespace FlashSale.LoadTests.Reporting;

/// <summary>report.md: the figures, the thresholds and the audit, readable in a PR or a terminal.</summary>
internal static class MarkdownReport
{
    public static string Render(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        sb.AppendLine(ic, $"# Load test: {r.Scenario} — {(r.ExitCode == 0 ? "PASSED" : "FAILED")} (exit {r.ExitCode})");
        sb.AppendLine();
        sb.AppendLine(ic, $"Started {r.StartedAt:u}, measured {r.DurationSeconds:0.##} s, load `{r.LoadDescription}`, targets {string.Join(", ", r.Targets)}.");
        sb.AppendLine();
        sb.AppendLine("| step | requests | ok | rejected | errors | rps | p50 ms | p75 ms | p95 ms | p99 ms | p99.9 ms | max ms |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in r.Steps.Append(r.Total))
        {
            var l = s.Latency;
            sb.AppendLine(ic, $"| {s.Name} | {s.Requests} | {s.Ok} | {s.Rejected.Values.Sum()} | {s.Errors.Values.Sum()} | {s.Rps:0.#} | {l.P50:0.###} | {l.P75:0.###} | {l.P95:0.###} | {l.P99:0.###} | {l.P999:0.###} | {l.Max:0.###} |");
        }

        sb.AppendLine();
        AppendCodes(sb, "Rejected (business result codes)", r.Total.Rejected, CodeNames.Result);
        AppendCodes(sb, "Errors (gRPC status)", r.Total.Errors, CodeNames.Status);
        if (r.DroppedCalls > 0)
        {
            sb.AppendLine(ic, $"Dropped (open model, max in flight reached): {r.DroppedCalls}").AppendLine();
        }

        if (r.Thresholds.Count > 0)
        {
            sb.AppendLine("## Thresholds").AppendLine();
            sb.AppendLine("| threshold | limit | actual | verdict |").AppendLine("|---|---|---|---|");
            foreach (var t in r.Thresholds)
            {
                sb.AppendLine(ic, $"| {t.Name} | {t.Limit} | {t.Actual} | {(t.Passed ? "passed" : "**MISSED**")} |");
            }

            sb.AppendLine();
        }

        if (r.Audit is { } audit)
        {
            sb.AppendLine(ic, $"## Audit: {(audit.Passed ? "clean" : "VIOLATIONS")}").AppendLine();
            sb.AppendLine("| drop | quantity | sold | reserved | oversold | acked orders | stored orders | lost acks | over limit |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var d in audit.Drops)
            {
                sb.AppendLine(ic, $"| {d.DropId} | {d.Quantity} | {d.Sold} | {d.Reserved} | {d.Oversold} | {d.AckedOrders} | {d.StoredOrders} | {d.LostAcks} | {d.PerUserLimitViolations} |");
            }

            foreach (var p in audit.Pools)
            {
                sb.AppendLine().AppendLine(ic, $"Pool {p.PoolId}: total {p.Total}, claimed {p.Claimed}, redeemed {p.Redeemed}, acknowledged claims {p.AckedClaims}.");
            }

            foreach (var rain in audit.Rains ?? [])
            {
                sb.AppendLine().AppendLine(ic, $"Rain {rain.RainId}: claimed {rain.Claimed}/{rain.Count} envelopes, {rain.ClaimedAmount}/{rain.TotalAmount} fen, acknowledged claims {rain.AckedClaims}, credited to wallets {rain.Credited} fen.");
            }

            sb.AppendLine().AppendLine(ic, $"Wallets checked: {audit.WalletsChecked}.").AppendLine();
            foreach (var v in audit.Violations)
            {
                sb.AppendLine(ic, $"- **{v.Kind}**: {v.Message}. Ids: {string.Join(", ", v.Ids)}");
            }
        }

        return sb.ToString();
    }

    private static void AppendCodes(StringBuilder sb, string title, IReadOnlyDictionary<int, long> codes, Func<int, string> name)
    {
        if (codes.Count == 0)
        {
            return;
        }

        sb.Append(title).Append(": ");
        sb.AppendJoin(", ", codes.Select(kv => $"{name(kv.Key)} {kv.Value.ToString(CultureInfo.InvariantCulture)}"));
        sb.AppendLine().AppendLine();
    }
}
