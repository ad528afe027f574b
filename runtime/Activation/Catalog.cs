using System.Collections.Concurrent;
using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Scheduling;

namespace FlashSale.Runtime.Activation;

/// <summary>The directory of local activations: creates exactly one activation per grain id on
/// first use and routes work items to it, waiting out a deactivation in progress.</summary>
internal sealed class Catalog
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly object _createLock = new();
    private readonly GrainRuntime _runtime;

    public Catalog(GrainRuntime runtime) => _runtime = runtime;

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>Queues <paramref name="item"/> on the grain's activation, creating it if needed.
    /// Returns null when queued, or the closing activation the caller must wait out (its
    /// <see cref="ActivationData.Deactivated"/>) before trying again.</summary>
    public ActivationData? TryDispatch(GrainTypeInfo type, GrainId grainId, WorkItem item)
    {
        _runtime.ThrowIfStopping();
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing.Scheduler.TryEnqueue(item) ? null : existing;
        }

        lock (_createLock)
        {
            if (!_activations.TryGetValue(grainId, out existing))
            {
                // The activation turn is primed first, so whatever is queued runs after it. The
                // activation is published before its loop can start (the enqueue starts it): a
                // fast-failing activation (storage down) must find itself in the directory when it
                // removes itself, or a dead activation would stay listed and callers would spin.
                var activation = new ActivationData(grainId, type, _runtime);
                activation.Start();
                _activations[grainId] = activation;
                activation.Scheduler.TryEnqueue(item);
                return null;
            }
        }

        return existing.Scheduler.TryEnqueue(item) ? null : existing;
    }

    /// <summary>Queues <paramref name="item"/>, waiting for any deactivation in progress.</summary>
    public async Task DispatchAsync(GrainTypeInfo type, GrainId grainId, WorkItem item)
    {
        while (TryDispatch(type, grainId, item) is { } closing)
        {
            await closing.Deactivated.ConfigureAwait(false);

            // Normally gone already; never loop on an activation that is finished yet still listed.
            Remove(closing);
        }
    }

    /// <summary>Fire-and-forget variant for engine-internal rerouting; failures reach the item.</summary>
    public async Task ForwardAsync(GrainTypeInfo type, GrainId grainId, WorkItem item, Action<Exception> fail)
    {
        try
        {
            await DispatchAsync(type, grainId, item).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            fail(exception);
        }
    }

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
}
