using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Logging;

namespace FlashSale.Runtime.Hosting;

public sealed partial class GrainRuntime
{
    private ITimer? _collector;
    private int _collecting;
    private int _started;

    /// <summary>Starts the idle collector and the reminder poller. Calls work before this too;
    /// only collection and reminders wait for it.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return Task.CompletedTask;
        }

        _collector = Time.CreateTimer(static s => ((GrainRuntime)s!).CollectIdle(), this, Options.CollectionQuantum, Options.CollectionQuantum);
        ReminderService.Start();
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting calls (they fail with <see cref="SiloUnavailableException"/>) and
    /// deactivates every activation, running OnDeactivateAsync bounded by DeactivationTimeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _collector?.Dispose();
        await ReminderService.StopAsync().ConfigureAwait(false);

        var pending = new List<Task>();
        foreach (var activation in Catalog.Activations)
        {
            activation.StartDeactivation(DeactivationReason.ShuttingDown);
            pending.Add(activation.Deactivated);
        }

        RuntimeLog.ShuttingDown(Logger, pending.Count);
        try
        {
            // Each OnDeactivateAsync is bounded by the timeout; the margin covers queued turns ahead of it.
            await Task.WhenAll(pending).WaitAsync(Options.DeactivationTimeout * 2, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Best effort: the host's shutdown budget is spent; report what is left rather than
            // failing the host's stop with an exception.
            RuntimeLog.ShutdownTimedOut(Logger, Catalog.Count);
        }
    }

    private void CollectIdle()
    {
        if (Interlocked.Exchange(ref _collecting, 1) == 1)
        {
            return;
        }

        try
        {
            var now = Time.GetUtcNow();
            foreach (var activation in Catalog.Activations)
            {
                if (activation.Status == ActivationStatus.Valid
                    && now - activation.LastActive >= Options.CollectionAge
                    && activation.Scheduler.IsIdle)
                {
                    activation.StartDeactivation(DeactivationReason.IdleCollection);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _collecting, 0);
        }
    }
}
