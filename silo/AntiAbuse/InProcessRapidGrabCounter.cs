using System.Collections.Concurrent;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>One silo's per-user drop sets on an injected clock. Users with nothing in the window
/// are swept once per window length, so memory follows the grabbers of the last window.</summary>
public sealed class InProcessRapidGrabCounter(TimeProvider timeProvider) : IRapidGrabCounter
{
    private readonly ConcurrentDictionary<string, UserDrops> _users = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>Users currently tracked (for tests).</summary>
    public int Count => _users.Count;

    public ValueTask<TimeSpan> TryGrabAsync(string userId, string dropId, int maxDrops, TimeSpan window) =>
        ValueTask.FromResult(TryGrab(userId, dropId, maxDrops, window));

    /// <summary>The synchronous form of <see cref="TryGrabAsync"/>.</summary>
    public TimeSpan TryGrab(string userId, string dropId, int maxDrops, TimeSpan window)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var drops = _users.GetOrAdd(userId, static _ => new UserDrops());
        var retryAfter = drops.TryAdd(dropId, now, window.Ticks, maxDrops);
        SweepIfDue(now, window.Ticks);
        return TimeSpan.FromTicks(retryAfter);
    }

    private void SweepIfDue(long now, long windowTicks)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now - last < windowTicks || Interlocked.CompareExchange(ref _lastSweepTicks, now, last) != last)
        {
            return;
        }

        foreach (var (user, drops) in _users)
        {
            if (drops.EmptyAt(now, windowTicks))
            {
                // A grab racing this removal may go uncounted once: the rule is one drop more generous then.
                _users.TryRemove(new KeyValuePair<string, UserDrops>(user, drops));
            }
        }
    }

    private sealed class UserDrops
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, long> _lastGrab = new(StringComparer.Ordinal);

        public long TryAdd(string dropId, long now, long windowTicks, int maxDrops)
        {
            lock (_gate)
            {
                Expire(now, windowTicks);
                if (_lastGrab.ContainsKey(dropId) || _lastGrab.Count < maxDrops)
                {
                    _lastGrab[dropId] = now;
                    return 0;
                }

                var oldest = _lastGrab.Values.Min();
                return Math.Max(1, oldest + windowTicks - now);
            }
        }

        public bool EmptyAt(long now, long windowTicks)
        {
            lock (_gate)
            {
                Expire(now, windowTicks);
                return _lastGrab.Count == 0;
            }
        }

        private void Expire(long now, long windowTicks)
        {
            // At most maxDrops entries (a rejected drop is never added), so the scan is short.
            foreach (var (drop, at) in _lastGrab)
            {
                if (now - at >= windowTicks)
                {
                    _lastGrab.Remove(drop);
                }
            }
        }
    }
}
