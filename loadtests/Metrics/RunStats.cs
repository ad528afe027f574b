using System.Diagnostics;
using HdrHistogram;

namespace FlashSale.LoadTests.Metrics;

/// <summary>Everything measured in one run. Calls completing during warm-up are not recorded;
/// after warm-up, each call costs a few Interlocked increments and no allocation.</summary>
internal sealed class RunStats
{
    private readonly StepStats[] _steps;
    private long _measureFrom = long.MaxValue;

    public RunStats(IReadOnlyList<string> stepNames, int shards, int seconds)
    {
        _steps = new StepStats[stepNames.Count];
        for (var i = 0; i < _steps.Length; i++)
        {
            _steps[i] = new StepStats(stepNames[i], shards);
        }

        Series = new TimeSeries(seconds);
    }

    public IReadOnlyList<StepStats> Steps => _steps;

    public TimeSeries Series { get; }

    /// <summary>The Stopwatch timestamp measurement started at (after warm-up).</summary>
    public long MeasureFrom => Volatile.Read(ref _measureFrom);

    public bool IsMeasuring => Stopwatch.GetTimestamp() >= MeasureFrom;

    public void StartMeasuring(long timestamp) => Volatile.Write(ref _measureFrom, timestamp);

    /// <summary>Records a call that started at <paramref name="startTimestamp"/> (Stopwatch ticks).</summary>
    public void Record(int step, int slot, Outcome outcome, long startTimestamp)
    {
        var end = Stopwatch.GetTimestamp();
        var from = Volatile.Read(ref _measureFrom);
        if (startTimestamp < from)
        {
            return;
        }

        var micros = (end - startTimestamp) * 1_000_000 / Stopwatch.Frequency;
        _steps[step].Record(slot, outcome, micros);
        Series.Record((double)(end - from) / Stopwatch.Frequency, outcome, micros);
    }

    /// <summary>Records a measured delay directly (e.g. an event's fan-out delay).</summary>
    public void RecordValue(int step, int slot, Outcome outcome, long micros)
    {
        var now = Stopwatch.GetTimestamp();
        var from = Volatile.Read(ref _measureFrom);
        if (now < from)
        {
            return;
        }

        _steps[step].Record(slot, outcome, micros);
        Series.Record((double)(now - from) / Stopwatch.Frequency, outcome, micros);
    }

    public LongHistogram MergedLatency()
    {
        var all = Latency.Empty();
        foreach (var step in _steps)
        {
            all.Add(step.Merged());
        }

        return all;
    }

    public (long Requests, long Ok, long Rejected, long Errors) Totals()
    {
        long ok = 0, rejected = 0, errors = 0;
        foreach (var step in _steps)
        {
            ok += step.Ok;
            rejected += step.RejectedTotal;
            errors += step.ErrorTotal;
        }

        return (ok + rejected + errors, ok, rejected, errors);
    }
}
