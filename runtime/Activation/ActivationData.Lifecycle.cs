using FlashSale.Runtime.Logging;

namespace FlashSale.Runtime.Activation;

internal sealed partial class ActivationData
{
    /// <summary>The first turn: construct, read persistent state, OnActivateAsync.</summary>
    internal async Task ActivateAsync()
    {
        try
        {
            _grain = TypeInfo.Create(Runtime.Services, this);
            _grain.Context = this;
            foreach (var state in _states)
            {
                await state.ReadStateAsync(Runtime.StoppingToken).ConfigureAwait(true);
            }

            await _grain.OnActivateAsync(Runtime.StoppingToken).ConfigureAwait(true);
            SetStatus(ActivationStatus.Valid);
        }
        catch (Exception exception)
        {
            RuntimeLog.ActivationFailed(Runtime.Logger, GrainId, exception);
            _grain = null;
            StartDeactivation(DeactivationReason.ActivationFailed, exception);
            throw;
        }
    }

    /// <summary>The last turn: stop timers, OnDeactivateAsync (bounded), leave the catalog, then
    /// hand every still-queued item to the next activation (or fail it if activation failed).</summary>
    internal async Task DeactivateAsync(DeactivationReason reason, Exception? failure)
    {
        DisposeTimers();
        if (_grain is { } grain && failure is null)
        {
            // Real time on purpose: this bound protects shutdown from a hung grain, it is not domain time.
            using var timeout = new CancellationTokenSource(Runtime.Options.DeactivationTimeout);
            try
            {
                await grain.OnDeactivateAsync(reason, timeout.Token).WaitAsync(Runtime.Options.DeactivationTimeout).ConfigureAwait(true);
            }
            catch (Exception exception)
            {
                RuntimeLog.DeactivationFailed(Runtime.Logger, GrainId, reason, exception);
            }
        }

        Runtime.Catalog.Remove(this);
        SetStatus(ActivationStatus.Invalid);
        RuntimeLog.Deactivated(Runtime.Logger, GrainId, reason);
        var remaining = Scheduler.DrainQueued();
        _deactivated.TrySetResult();
        foreach (var item in remaining)
        {
            item.Reroute(this, failure);
        }
    }
}
