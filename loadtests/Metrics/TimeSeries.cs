using HdrHistogram;

namespace FlashSale.LoadTests.Metrics;

/// <summary>Per-second counts and a coarse latency histogram (about 3% error) for the charts.
/// Slots are allocated up front for the planned run, so recording never allocates.</summary>
internal sealed class TimeSeries
{
    private readonly Slot[] _slots;

    public TimeSeries(int seconds)
    {
        _slots = new Slot[Math.Max(1, seconds)];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot();
        }
    }

    public int Length => _slots.Length;

    public void Record(double second, Outcome outcome, long micros)
    {
        var index = second <= 0 ? 0 : Math.Min((int)second, _slots.Length - 1);
        var slot = _slots[index];
        Latency.Record(slot.Latency, micros);
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                Interlocked.Increment(ref slot.Ok);
                break;
            case OutcomeKind.Rejected:
                Interlocked.Increment(ref slot.Rejected);
                break;
            default:
                Interlocked.Increment(ref slot.Errors);
                break;
        }
    }

    /// <summary>The points of the first <paramref name="seconds"/> seconds.</summary>
    public IReadOnlyList<SeriesPoint> Points(int seconds)
    {
        var count = Math.Clamp(seconds, 0, _slots.Length);
        var points = new SeriesPoint[count];
        for (var i = 0; i < count; i++)
        {
            var s = _slots[i];
            points[i] = new SeriesPoint(
                i,
                Volatile.Read(ref s.Ok),
                Volatile.Read(ref s.Rejected),
                Volatile.Read(ref s.Errors),
                Latency.At(s.Latency, 50) / 1000.0,
                Latency.At(s.Latency, 99) / 1000.0);
        }

        return points;
    }

    private sealed class Slot
    {
        // Two significant digits (within 1 %) is plenty for a chart and keeps each second small.
        public readonly LongConcurrentHistogram Latency = Metrics.Latency.Concurrent(digits: 2);
        public long Ok;
        public long Rejected;
        public long Errors;
    }
}

/// <summary>One second of the run: counts and latency percentiles in milliseconds.</summary>
internal readonly record struct SeriesPoint(int Second, long Ok, long Rejected, long Errors, double P50Ms, double P99Ms)
{
    public long Requests => Ok + Rejected + Errors;
}
