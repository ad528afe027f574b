using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using FlashSale.Api.V1;
using FlashSale.Storage.Resilience;
using Grpc.Core;

namespace FlashSale.Silo.Monitoring;

/// <summary>
/// Our instruments in the "FlashSale" meter (exported by /metrics with Orleans' and ASP.NET Core's):
/// calls by method and status, call duration, calls in flight, grabs by result, payments and
/// refunds. Storage latency is the storage library's (<see cref="StorageMetrics"/>); the gauges of
/// rooms, cluster and alerts are the monitor's (<see cref="OpsMonitor"/>).
/// </summary>
public sealed class FlashSaleMetrics
{
    public const string MeterName = StorageMetrics.MeterName;

    private static readonly FrozenDictionary<ResultCode, string> ResultNames =
        Enum.GetValues<ResultCode>().ToFrozenDictionary(code => code, code => SnakeCase(code.ToString()));

    private static readonly FrozenDictionary<StatusCode, string> StatusNames =
        Enum.GetValues<StatusCode>().ToFrozenDictionary(code => code, code => SnakeCase(code.ToString()).ToUpperInvariant());

    public FlashSaleMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        Calls = Meter.CreateCounter<long>("flashsale.calls", description: "gRPC calls by method and status");
        CallDuration = Meter.CreateHistogram("flashsale.call.duration", unit: "s", description: "gRPC call duration by method",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StorageMetrics.SecondsBuckets });
        InFlight = Meter.CreateUpDownCounter<long>("flashsale.calls.in_flight", description: "Unary gRPC calls being served");
        Grabs = Meter.CreateCounter<long>("flashsale.grabs", description: "Grabs by result (ok, sold_out, limit_reached, ...)");
        Payments = Meter.CreateCounter<long>("flashsale.payments", description: "Payments answered OK");
        Refunds = Meter.CreateCounter<long>("flashsale.refunds", description: "Refunds and returns answered OK");
    }

    public Meter Meter { get; }

    public Counter<long> Calls { get; }

    public Histogram<double> CallDuration { get; }

    public UpDownCounter<long> InFlight { get; }

    public Counter<long> Grabs { get; }

    public Counter<long> Payments { get; }

    public Counter<long> Refunds { get; }

    /// <summary>"RESULT_CODE_SOLD_OUT"'s C# name SoldOut → "sold_out".</summary>
    public static string ResultName(ResultCode code) => ResultNames.TryGetValue(code, out var name) ? name : "other";

    /// <summary>StatusCode.ResourceExhausted → "RESOURCE_EXHAUSTED", as gRPC spells it.</summary>
    public static string StatusName(StatusCode code) => StatusNames.TryGetValue(code, out var name) ? name : "UNKNOWN";

    private static string SnakeCase(string pascal)
    {
        var text = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && char.IsLower(pascal[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(pascal[i]));
        }

        return text.ToString();
    }
}
