using System.Text.Json;

namespace FlashSale.LoadTests.Reporting;

/// <summary>summary.json: the machine-readable verdict. Field names are a contract with CI
/// scripts (snake_case, times in ms, duration in s); drop fields appear for drop scenarios.</summary>
internal static class SummaryJson
{
    public static void Write(RunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("scenario", result.Scenario);
        w.WriteString("started_at", result.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteNumber("duration_s", Math.Round(result.DurationSeconds, 3));
        w.WriteString("load", result.LoadDescription);
        w.WriteStartArray("targets");
        foreach (var t in result.Targets)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        WriteFigures(w, result.Total);
        w.WriteNumber("rejected_total", result.RejectedCount);
        w.WriteNumber("errors_total", result.ErrorCount);
        w.WriteNumber("error_rate", result.ErrorRate);
        w.WriteNumber("dropped_calls", result.DroppedCalls);
        if (result.Audit is { } audit)
        {
            var t = audit.Totals();
            w.WriteNumber("quantity", t.Quantity);
            w.WriteNumber("sold", t.Sold);
            w.WriteNumber("reserved", t.Reserved);
            w.WriteNumber("oversold", t.Oversold);
            w.WriteNumber("acked_orders", t.AckedOrders);
            w.WriteNumber("stored_orders", t.StoredOrders);
            w.WriteNumber("lost_acks", t.LostAcks);
            w.WriteNumber("per_user_limit_violations", t.PerUserLimitViolations);
            WriteAudit(w, audit);
        }

        w.WriteStartArray("steps");
        foreach (var step in result.Steps)
        {
            w.WriteStartObject();
            w.WriteString("name", step.Name);
            WriteFigures(w, step);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("thresholds");
        foreach (var th in result.Thresholds)
        {
            w.WriteStartObject();
            w.WriteString("name", th.Name);
            w.WriteString("limit", th.Limit);
            w.WriteString("actual", th.Actual);
            w.WriteBoolean("passed", th.Passed);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("passed", result.ExitCode == 0);
        w.WriteNumber("exit_code", result.ExitCode);
        w.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter w, StepResult s)
    {
        w.WriteNumber("requests", s.Requests);
        w.WriteNumber("ok", s.Ok);
        w.WriteStartObject("rejected");
        foreach (var (code, count) in s.Rejected)
        {
            w.WriteNumber(CodeNames.Result(code), count);
        }

        w.WriteEndObject();
        w.WriteStartObject("errors");
        foreach (var (code, count) in s.Errors)
        {
            w.WriteNumber(CodeNames.Status(code), count);
        }

        w.WriteEndObject();
        w.WriteNumber("rps", Math.Round(s.Rps, 1));
        w.WriteNumber("p50_ms", s.Latency.P50);
        w.WriteNumber("p75_ms", s.Latency.P75);
        w.WriteNumber("p95_ms", s.Latency.P95);
        w.WriteNumber("p99_ms", s.Latency.P99);
        w.WriteNumber("p999_ms", s.Latency.P999);
        w.WriteNumber("max_ms", s.Latency.Max);
    }

    private static void WriteAudit(Utf8JsonWriter w, Audit.AuditReport audit)
    {
        w.WriteStartObject("audit");
        w.WriteBoolean("passed", audit.Passed);
        w.WriteNumber("wallets_checked", audit.WalletsChecked);
        w.WriteStartArray("violations");
        foreach (var v in audit.Violations)
        {
            w.WriteStartObject();
            w.WriteString("kind", v.Kind);
            w.WriteString("message", v.Message);
            w.WriteStartArray("ids");
            foreach (var id in v.Ids)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("drops");
        foreach (var d in audit.Drops)
        {
            w.WriteStartObject();
            w.WriteString("drop_id", d.DropId);
            w.WriteNumber("quantity", d.Quantity);
            w.WriteNumber("sold", d.Sold);
            w.WriteNumber("reserved", d.Reserved);
            w.WriteNumber("oversold", d.Oversold);
            w.WriteNumber("acked_orders", d.AckedOrders);
            w.WriteNumber("stored_orders", d.StoredOrders);
            w.WriteNumber("lost_acks", d.LostAcks);
            w.WriteNumber("per_user_limit_violations", d.PerUserLimitViolations);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("pools");
        foreach (var p in audit.Pools)
        {
            w.WriteStartObject();
            w.WriteString("pool_id", p.PoolId);
            w.WriteNumber("total", p.Total);
            w.WriteNumber("claimed", p.Claimed);
            w.WriteNumber("redeemed", p.Redeemed);
            w.WriteNumber("acked_claims", p.AckedClaims);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("rains");
        foreach (var rain in audit.Rains ?? [])
        {
            w.WriteStartObject();
            w.WriteString("rain_id", rain.RainId);
            w.WriteNumber("total_amount", rain.TotalAmount);
            w.WriteNumber("count", rain.Count);
            w.WriteNumber("claimed", rain.Claimed);
            w.WriteNumber("claimed_amount", rain.ClaimedAmount);
            w.WriteNumber("acked_claims", rain.AckedClaims);
            w.WriteNumber("credited", rain.Credited);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
