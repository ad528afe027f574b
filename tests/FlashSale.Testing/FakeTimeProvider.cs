namespace FlashSale.Testing;

/// <summary>A <see cref="TimeProvider"/> whose clock moves only when a test advances it; timers
/// created from it fire during <see cref="Advance"/>, so tests never sleep for time to pass.</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;

    public FakeTimeProvider(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2026, 11, 11, 20, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward, firing due timers in due-time order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        var fired = 0;
        while (true)
        {
            FakeTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt is { } d && d <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                // A timer fires with the clock just past its due time (by at most 1 ms, never past
                // the target): TimeProvider-based Task.Delay truncates to whole milliseconds, so
                // code that waits for an absolute instant (Orleans' reminder service does) would
                // otherwise find less than a millisecond left, delay for zero and spin forever on
                // a clock that does not move by itself.
                var firesAt = due.DueAt!.Value + TimeSpan.FromMilliseconds(1);
                firesAt = firesAt < target ? firesAt : target;
                _now = firesAt > _now ? firesAt : _now;
                due.DueAt = due.Period is { } p && p > TimeSpan.Zero && p != Timeout.InfiniteTimeSpan ? due.DueAt + p : null;
            }

            if (++fired > 100_000)
            {
                throw new InvalidOperationException($"timer {due.Describe()} keeps re-arming within one Advance at {_now:O}");
            }

            due.Fire();
        }
    }

    /// <summary>Steps the wall clock back (as an NTP correction does) without touching timers.</summary>
    public void StepBack(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            _now -= delta;
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        var delta = value - GetUtcNow();
        if (delta > TimeSpan.Zero)
        {
            Advance(delta);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public string Describe() => callback.Method.DeclaringType + "." + callback.Method.Name;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period;
            }

            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
