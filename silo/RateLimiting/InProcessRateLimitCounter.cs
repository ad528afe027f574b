using System.Collections.Concurrent;

namespace FlashSale.Silo.RateLimiting;

/// <summary>One silo's fixed-window counters, on an injected clock. Windows that ended are swept
/// once per window length, so memory follows the callers of the last window, not all callers ever.</summary>
public sealed class InProcessRateLimitCounter(TimeProvider timeProvider) : IRateLimitCounter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>Counters currently held (for tests and metrics).</summary>
    public int Count => _windows.Count;

    public ValueTask<RateLimitResult> AcquireAsync(IReadOnlyList<RateLimitKey> keys, TimeSpan window) =>
        ValueTask.FromResult(Acquire(keys, window));

    /// <summary>The synchronous form of <see cref="AcquireAsync"/>.</summary>
    public RateLimitResult Acquire(IReadOnlyList<RateLimitKey> keys, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = timeProvider.GetUtcNow().UtcTicks;
        var result = RateLimitResult.Allowed;
        for (var i = 0; i < keys.Count; i++)
        {
            var counter = _windows.GetOrAdd(keys[i].Key, static (_, start) => new Window(start), now);
            var retryAfter = counter.Charge(now, window.Ticks, keys[i].Limit);
            if (retryAfter > 0 && result.IsAllowed)
            {
                result = new RateLimitResult(i, TimeSpan.FromTicks(retryAfter));
            }
        }

        SweepIfDue(now, window.Ticks);
        return result;
    }

    private void SweepIfDue(long now, long windowTicks)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now - last < windowTicks || Interlocked.CompareExchange(ref _lastSweepTicks, now, last) != last)
        {
            return;
        }

        foreach (var (key, counter) in _windows)
        {
            if (counter.EndedBy(now, windowTicks))
            {
                // A caller racing this removal may lose one count; a limit one call too generous is fine.
                _windows.TryRemove(new KeyValuePair<string, Window>(key, counter));
            }
        }
    }

    private sealed class Window(long start)
    {
        private readonly Lock _gate = new();
        private long _start = start;
        private int _count;

        /// <summary>Counts a call; returns 0 when allowed, else the ticks until this window ends.</summary>
        public long Charge(long now, long windowTicks, int limit)
        {
            lock (_gate)
            {
                if (now - _start >= windowTicks)
                {
                    _start = now;
                    _count = 0;
                }

                // Capped so a script hammering for hours cannot overflow the count.
                _count = Math.Min(_count + 1, limit + 1);
                return _count > limit ? Math.Max(1, _start + windowTicks - now) : 0;
            }
        }

        public bool EndedBy(long now, long windowTicks)
        {
            lock (_gate)
            {
                return now - _start >= windowTicks;
            }
        }
    }
}
