using HdrHistogram;

namespace FlashSale.LoadTests.Metrics;

/// <summary>Counters and a sharded latency histogram for one step. Each worker records into the
/// shard of its slot, so concurrent workers rarely touch the same cache lines; shards are merged
/// for reports.</summary>
internal sealed class StepStats
{
    /// <summary>Result codes and gRPC status codes are small enums; a fixed array avoids dictionaries.</summary>
    public const int CodeSlots = 32;

    private readonly LongConcurrentHistogram[] _shards;
    private readonly long[] _rejected = new long[CodeSlots];
    private readonly long[] _errors = new long[CodeSlots];
    private long _ok;

    public StepStats(string name, int shards)
    {
        Name = name;
        // Each shard is thread-safe on its own; a few are enough to spread the contention of many
        // workers (a three-digit histogram up to one hour is about 190 KB).
        _shards = new LongConcurrentHistogram[Math.Clamp(shards, 1, 16)];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = Latency.Concurrent();
        }
    }

    public string Name { get; }

    public long Ok => Volatile.Read(ref _ok);

    public long RejectedTotal => Sum(_rejected);

    public long ErrorTotal => Sum(_errors);

    public long Requests => Ok + RejectedTotal + ErrorTotal;

    public void Record(int slot, Outcome outcome, long micros)
    {
        Latency.Record(_shards[(uint)slot % (uint)_shards.Length], micros);
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                Interlocked.Increment(ref _ok);
                break;
            case OutcomeKind.Rejected:
                Interlocked.Increment(ref _rejected[Clamp(outcome.Code)]);
                break;
            default:
                Interlocked.Increment(ref _errors[Clamp(outcome.Code)]);
                break;
        }
    }

    public LongHistogram Merged()
    {
        var merged = Latency.Empty();
        foreach (var shard in _shards)
        {
            merged.Add(shard);
        }

        return merged;
    }

    /// <summary>Rejections by result code (only codes that occurred).</summary>
    public IReadOnlyDictionary<int, long> RejectedByCode() => NonZero(_rejected);

    /// <summary>Errors by status code (only codes that occurred).</summary>
    public IReadOnlyDictionary<int, long> ErrorsByStatus() => NonZero(_errors);

    private static int Clamp(int code) => code is >= 0 and < CodeSlots ? code : CodeSlots - 1;

    private static long Sum(long[] values)
    {
        var sum = 0L;
        for (var i = 0; i < values.Length; i++)
        {
            sum += Volatile.Read(ref values[i]);
        }

        return sum;
    }

    private static SortedDictionary<int, long> NonZero(long[] values)
    {
        var result = new SortedDictionary<int, long>();
        for (var i = 0; i < values.Length; i++)
        {
            var v = Volatile.Read(ref values[i]);
            if (v != 0)
            {
                result[i] = v;
            }
        }

        return result;
    }
}
