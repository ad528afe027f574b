using System.Numerics;

namespace FlashSale.LoadTests.Metrics;

/// <summary>
/// An HDR-style histogram of non-negative integer values (microseconds): exact below
/// 2^(bits+1), then 2^bits linear sub-buckets per power of two, so any recorded value is
/// reported within a relative error of 2^-(bits+1) (bits = 7: under 0.4%, i.e. better than
/// 2 significant digits). Recording is one Interlocked increment: safe from many threads.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Values above this (about 19 hours in µs) are clamped.</summary>
    public const long MaxTrackable = (1L << 36) - 1;

    private readonly int _bits;
    private readonly int _subCount;
    private readonly long[] _counts;
    private long _total;
    private long _max;
    private long _min = long.MaxValue;

    public LatencyHistogram(int subBucketBits = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subBucketBits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subBucketBits, 12);
        _bits = subBucketBits;
        _subCount = 1 << subBucketBits;
        _counts = new long[IndexOf(MaxTrackable) + 1];
    }

    public long Count => Volatile.Read(ref _total);

    public long Max => Count == 0 ? 0 : Volatile.Read(ref _max);

    public long Min => Count == 0 ? 0 : Volatile.Read(ref _min);

    /// <summary>Worst-case relative error of a reported value.</summary>
    public double RelativeError => 1.0 / (2 * _subCount);

    public void Record(long value)
    {
        value = Math.Clamp(value, 0, MaxTrackable);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        UpdateMax(value);
        UpdateMin(value);
    }

    /// <summary>Adds another histogram with the same precision (used to merge per-worker shards).</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._bits != _bits)
        {
            throw new ArgumentException("Histograms of different precision cannot be merged.", nameof(other));
        }

        var added = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Volatile.Read(ref other._counts[i]);
            if (c != 0)
            {
                Interlocked.Add(ref _counts[i], c);
                added += c;
            }
        }

        if (added == 0)
        {
            return;
        }

        Interlocked.Add(ref _total, added);
        UpdateMax(Volatile.Read(ref other._max));
        UpdateMin(Volatile.Read(ref other._min));
    }

    /// <summary>The value at percentile <paramref name="percentile"/> (0–100): the smallest recorded
    /// bucket whose cumulative count reaches the rank, reported at the bucket's midpoint.</summary>
    public long ValueAtPercentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * total);
        rank = Math.Max(1, rank);
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(Representative(i), Max);
            }
        }

        return Max;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        _total = 0;
        _max = 0;
        _min = long.MaxValue;
    }

    private int IndexOf(long value)
    {
        if (value < _subCount)
        {
            return (int)value;
        }

        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - _bits;
        return (shift * _subCount) + (int)(value >> shift);
    }

    private long Representative(int index)
    {
        if (index < 2 * _subCount)
        {
            return index;
        }

        var shift = (index / _subCount) - 1;
        var sub = index - (shift * _subCount);
        var low = (long)sub << shift;
        return low + ((1L << shift) >> 1);
    }

    private void UpdateMax(long value)
    {
        var current = Volatile.Read(ref _max);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private void UpdateMin(long value)
    {
        var current = Volatile.Read(ref _min);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref _min, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
