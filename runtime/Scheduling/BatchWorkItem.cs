using FlashSale.Runtime.Activation;

namespace FlashSale.Runtime.Scheduling;

/// <summary>One group-commit turn: consecutive calls to one batchable method, run together through
/// its batch form. Created by the loop when it dequeues them, never queued itself. Each caller is
/// answered only when the whole turn (and so its single state write) has ended.</summary>
internal sealed class BatchWorkItem : WorkItem
{
    private readonly ActivationScheduler _scheduler;
    private readonly GrainMethod _method;
    private readonly List<IBatchableCall> _calls;
    private readonly TimeSpan _linger;
    private List<IBatchableCall> _invoked = [];

    public BatchWorkItem(ActivationScheduler scheduler, GrainMethod method, List<IBatchableCall> calls, TimeSpan linger)
    {
        _scheduler = scheduler;
        _method = method;
        _calls = calls;
        _linger = linger;
    }

    public override Task ExecuteAsync(ActivationData activation) => RunAsync(activation);

    public override void OnCompleted(Task turn)
    {
        if (turn.IsCompletedSuccessfully)
        {
            var responses = ((Task<IReadOnlyList<object>>)turn).Result;
            for (var i = 0; i < _invoked.Count; i++)
            {
                _invoked[i].SetBatchResult(responses[i]);
            }

            return;
        }

        foreach (var call in _invoked)
        {
            if (turn.IsCanceled)
            {
                call.SetBatchCanceled();
            }
            else
            {
                call.SetBatchException(turn.Exception!.InnerException!);
            }
        }
    }

    // Never queued, so never rerouted; answer the calls rather than lose them if that changes.
    public override void Reroute(ActivationData closed, Exception? failure)
    {
        foreach (var call in _calls)
        {
            call.SetBatchException(failure ?? new SiloUnavailableException($"activation {closed.GrainId} closed"));
        }
    }

    private async Task<IReadOnlyList<object>> RunAsync(ActivationData activation)
    {
        if (_linger > TimeSpan.Zero)
        {
            // Real time on purpose: linger is an engine throughput knob, not domain time.
            await Task.Delay(_linger).ConfigureAwait(true);
            _scheduler.TakeBatchTail(_method, _calls);
        }

        var requests = new List<object>(_calls.Count);
        _invoked = new List<IBatchableCall>(_calls.Count);
        foreach (var call in _calls)
        {
            try
            {
                requests.Add(call.GetRequest());
                _invoked.Add(call);
            }
            catch (Exception exception)
            {
                // A malformed argument fails its own call only, as it would outside a batch.
                call.SetBatchException(exception);
            }
        }

        if (requests.Count == 0)
        {
            return [];
        }

        try
        {
            // No caller's token: one caller giving up must not abort the write the others wait for.
            return await _method.InvokeBatchAsync(activation.Grain, requests, CancellationToken.None).ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            // The batch may have applied some effects in memory that never reached storage: the
            // next activation reloads what storage really holds.
            GroupCommitLog.BatchFailed(activation.Runtime.Logger, activation.GrainId, _method.Name, requests.Count, exception);
            activation.RequestDeactivation(DeactivationReason.InconsistentState);
            throw;
        }
    }
}
