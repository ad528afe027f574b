using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Logging;
using FlashSale.Runtime.Storage;

namespace FlashSale.Runtime.Reminders;

/// <summary>Polls the reminder table every ReminderPollInterval and delivers due reminders as
/// turns, activating grains as needed. A reminder is removed only after a successful delivery
/// (and only if the grain did not move it meanwhile); a failed one stays and is retried on a
/// later poll — at-least-once, like Orleans reminders.</summary>
internal sealed class ReminderService(GrainRuntime runtime)
{
    private readonly HashSet<(GrainId, string)> _inFlight = [];
    private readonly CancellationTokenSource _stopped = new();
    private ITimer? _timer;
    private int _polling;
    private Task _lastPoll = Task.CompletedTask;

    public void Start()
    {
        var interval = runtime.Options.ReminderPollInterval;
        _timer = runtime.Time.CreateTimer(static s => ((ReminderService)s!).OnTick(), this, interval, interval);
    }

    public async Task StopAsync()
    {
        _timer?.Dispose();
        await _stopped.CancelAsync().ConfigureAwait(false);
        await _lastPoll.ConfigureAwait(false);
    }

    private void OnTick()
    {
        // Polls never overlap: a slow table read skips ticks instead of stacking reads.
        if (_stopped.IsCancellationRequested || Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        _lastPoll = PollAsync();
    }

    /// <summary>One poll; public to the engine so tests and shutdown can drive it.</summary>
    internal async Task PollAsync()
    {
        try
        {
            var due = await runtime.Reminders.ReadDueAsync(runtime.Time.GetUtcNow(), _stopped.Token).ConfigureAwait(false);
            foreach (var entry in due)
            {
                lock (_inFlight)
                {
                    if (!_inFlight.Add((entry.GrainId, entry.Name)))
                    {
                        continue;
                    }
                }

                _ = DeliverAsync(entry);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            RuntimeLog.ReminderPollFailed(runtime.Logger, exception);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private async Task DeliverAsync(ReminderEntry entry)
    {
        try
        {
            if (!runtime.TryGetTypeByName(entry.GrainId.Type, out var type))
            {
                RuntimeLog.ReminderForUnknownGrain(runtime.Logger, entry.GrainId, entry.Name);
                return;
            }

            var item = new ReminderWorkItem(type, entry.GrainId, entry.Name, _stopped.Token);
            await runtime.Catalog.DispatchAsync(type, entry.GrainId, item).ConfigureAwait(false);
            await item.Task.ConfigureAwait(false);
            await runtime.Reminders.RemoveIfDueAtAsync(entry.GrainId, entry.Name, entry.DueAt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RuntimeLog.ReminderFailed(runtime.Logger, entry.GrainId, entry.Name, exception);
        }
        finally
        {
            lock (_inFlight)
            {
                _inFlight.Remove((entry.GrainId, entry.Name));
            }
        }
    }
}
