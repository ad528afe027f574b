using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FlashSale.Storage.Resilience;

namespace FlashSale.Silo.Monitoring;

/// <summary>
/// This silo's recent traffic in one-second buckets (the last <see cref="Seconds"/> seconds): grabs,
/// grab latency, rejections by reason, payments, refunds and viewer samples. The dashboard reads
/// rates from it and the alerts compare windows of it. Clocked by the injected
/// <see cref="TimeProvider"/>, so tests move time by hand. Rejections counted elsewhere in the silo
/// join in by convention: any counter of the "FlashSale" meter whose name contains "reject" and that
/// carries a "reason" tag (the anti-abuse rules' counter, for one).
/// </summary>
public sealed class LiveStats : IDisposable
{
    /// <summary>How far back the buckets reach (the longest alert window fits twice).</summary>
    public const int Seconds = 1_800;

    private readonly TimeProvider _time;
    private readonly Bucket[] _buckets = new Bucket[Seconds];
    private readonly MeterListener _listener = new();

    public LiveStats(TimeProvider time)
    {
        _time = time;
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket();
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName
                && instrument.Name.Contains("reject", StringComparison.OrdinalIgnoreCase)
                && instrument is Counter<long> or Counter<int>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => OnRejection(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) => OnRejection(value, tags));
        _listener.Start();
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    public void RecordGrab(bool ok, string? rejectionReason, TimeSpan elapsed)
    {
        var bucket = Current();
        Interlocked.Increment(ref bucket.Grabs);
        bucket.Latency.Record(elapsed);
        if (!ok && rejectionReason is not null)
        {
            bucket.Reject(rejectionReason, 1);
        }
    }

    public void RecordRejection(string reason, long count = 1) => Current().Reject(reason, count);

    public void RecordPayment() => Interlocked.Increment(ref Current().Payments);

    public void RecordRefund() => Interlocked.Increment(ref Current().Refunds);

    /// <summary>One sample of the viewers watching every room (taken by the monitor each tick).</summary>
    public void RecordViewers(long viewers)
    {
        var bucket = Current();
        Interlocked.Add(ref bucket.ViewerSum, viewers);
        Interlocked.Increment(ref bucket.ViewerSamples);
    }

    /// <summary>Totals over [now - <paramref name="from"/>, now - <paramref name="to"/>): e.g. (60 s, 0)
    /// is the last minute, (120 s, 60 s) the minute before it. The current second counts.</summary>
    public WindowTotals Window(TimeSpan from, TimeSpan to)
    {
        var now = Now.ToUnixTimeSeconds();
        var first = now - (long)Math.Ceiling(from.TotalSeconds) + 1;
        var last = now - (long)Math.Ceiling(to.TotalSeconds);
        var totals = new WindowTotals { Latency = new long[LatencyBuckets.Count], Seconds = Math.Max(0, last - first + 1) };
        for (var second = Math.Max(first, now - Seconds + 1); second <= last; second++)
        {
            var bucket = _buckets[Index(second)];
            if (Volatile.Read(ref bucket.Second) != second)
            {
                continue;
            }

            totals.Grabs += Volatile.Read(ref bucket.Grabs);
            totals.Payments += Volatile.Read(ref bucket.Payments);
            totals.Refunds += Volatile.Read(ref bucket.Refunds);
            totals.ViewerSum += Volatile.Read(ref bucket.ViewerSum);
            totals.ViewerSamples += Volatile.Read(ref bucket.ViewerSamples);
            bucket.Latency.AddTo(totals.Latency);
            foreach (var (reason, count) in bucket.Rejections)
            {
                totals.Rejections[reason] = totals.Rejections.GetValueOrDefault(reason) + count.Value;
            }
        }

        return totals;
    }

    public void Dispose() => _listener.Dispose();

    private void OnRejection(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "reason" && tag.Value?.ToString() is { Length: > 0 } reason)
            {
                RecordRejection(reason, value);
                return;
            }
        }
    }

    private static int Index(long second) => (int)(((second % Seconds) + Seconds) % Seconds);

    private Bucket Current()
    {
        var second = Now.ToUnixTimeSeconds();
        var bucket = _buckets[Index(second)];
        if (Volatile.Read(ref bucket.Second) != second)
        {
            lock (bucket)
            {
                if (bucket.Second != second)
                {
                    bucket.Reset(second);
                }
            }
        }

        return bucket;
    }

    private sealed class Bucket
    {
        public long Second = long.MinValue;
        public long Grabs;
        public long Payments;
        public long Refunds;
        public long ViewerSum;
        public long ViewerSamples;
        public readonly LatencyBuckets Latency = new();
        public readonly ConcurrentDictionary<string, StrongBox> Rejections = new(StringComparer.Ordinal);

        public void Reject(string reason, long count) =>
            Interlocked.Add(ref Rejections.GetOrAdd(reason, static _ => new StrongBox()).Value, count);

        public void Reset(long second)
        {
            Grabs = Payments = Refunds = ViewerSum = ViewerSamples = 0;
            Latency.Clear();
            Rejections.Clear();
            Volatile.Write(ref Second, second);
        }
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}

/// <summary>What <see cref="LiveStats.Window"/> adds up.</summary>
public sealed class WindowTotals
{
    public long Seconds { get; init; }

    public long Grabs { get; set; }

    public long Payments { get; set; }

    public long Refunds { get; set; }

    public long ViewerSum { get; set; }

    public long ViewerSamples { get; set; }

    public Dictionary<string, long> Rejections { get; } = new(StringComparer.Ordinal);

    internal long[] Latency { get; init; } = [];

    public long RejectionCount => Rejections.Values.Sum();

    /// <summary>Mean of the viewer samples; null without samples.</summary>
    public double? AverageViewers => ViewerSamples == 0 ? null : (double)ViewerSum / ViewerSamples;

    public double PerSecond(long count) => Seconds == 0 ? 0 : (double)count / Seconds;

    /// <summary>Grab latency quantile (bucket upper bound); null without grabs.</summary>
    public TimeSpan? GrabLatency(double quantile) => LatencyBuckets.Quantile(Latency, quantile);
}
