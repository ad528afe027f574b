using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Timers;

namespace FlashSale.Runtime.Activation;

/// <summary>What the grain sees of its activation.</summary>
internal sealed partial class ActivationData : IGrainContext
{
    private List<GrainTimer>? _timers;

    public IGrainFactory GrainFactory => Runtime.GrainFactory;

    public IServiceProvider Services => Runtime.Services;

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(this, callback, period);
        lock (Scheduler)
        {
            (_timers ??= []).Add(timer);
        }

        timer.Start(dueTime);
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (Scheduler)
        {
            _timers?.Remove(timer);
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (Scheduler)
        {
            if (_timers is null)
            {
                return;
            }

            timers = [.. _timers];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    public Task SetReminderAsync(string name, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_grain is not IRemindable)
        {
            throw new InvalidOperationException($"grain {GrainId} must implement IRemindable to set reminders");
        }

        return Runtime.Reminders.UpsertAsync(new ReminderEntry(GrainId, name, dueAt), cancellationToken);
    }

    public Task RemoveReminderAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Runtime.Reminders.RemoveAsync(GrainId, name, cancellationToken);
    }

    public void DeactivateOnIdle() => RequestDeactivation(DeactivationReason.Requested);
}
