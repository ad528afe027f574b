using System.Numerics;

namespace FlashSale.Silo.Monitoring;

/// <summary>A lock-free latency histogram in half-octave buckets of microseconds (1 µs … ~36 min):
/// enough for a dashboard's p99 (each bucket spans ~41 %; the upper bound is reported).</summary>
internal sealed class LatencyBuckets
{
    public const int Count = 64;

    private readonly long[] _counts = new long[Count];

    public static int IndexOf(TimeSpan elapsed)
    {
        var micros = (ulong)Math.Max(1L, elapsed.Ticks / 10);
        var octave = BitOperations.Log2(micros);
        // The bit below the leading one splits each octave in two.
        var upperHalf = octave > 0 && (micros & (1UL << (octave - 1))) != 0 ? 1 : 0;
        return Math.Min(Count - 1, (octave * 2) + upperHalf);
    }

    /// <summary>The largest latency that falls in bucket <paramref name="index"/>.</summary>
    public static TimeSpan UpperBound(int index)
    {
        var octave = index / 2;
        var micros = index % 2 == 0 ? (1L << octave) + ((1L << octave) >> 1) - 1 : (2L << octave) - 1;
        return TimeSpan.FromTicks(Math.Max(1, micros) * 10);
    }

    public void Record(TimeSpan elapsed) => Interlocked.Increment(ref _counts[IndexOf(elapsed)]);

    public void AddTo(long[] totals)
    {
        for (var i = 0; i < Count; i++)
        {
            totals[i] += Volatile.Read(ref _counts[i]);
        }
    }

    public void Clear() => Array.Clear(_counts);

    /// <summary>The <paramref name="quantile"/> of the summed buckets; null when they are empty.</summary>
    public static TimeSpan? Quantile(long[] totals, double quantile)
    {
        var total = totals.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(total * quantile);
        long seen = 0;
        for (var i = 0; i < Count; i++)
        {
            seen += totals[i];
            if (seen >= rank)
            {
                return UpperBound(i);
            }
        }

        return UpperBound(Count - 1);
    }
}
