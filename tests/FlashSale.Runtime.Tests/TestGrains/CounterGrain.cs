using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.TestGrains;

public sealed class CounterGrain(IPersistentState<Int64Value> state, Probe probe, TimeProvider time) : Grain, ICounterGrain, IRemindable
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Activations);
        if (Interlocked.Decrement(ref probe.FailActivations) >= 0)
        {
            throw new InvalidOperationException("activation failure requested by the test");
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Deactivations);
        probe.DeactivationReasons.Enqueue(reason);
        probe.Deactivated.Raise();
        return Task.CompletedTask;
    }

    public async Task<Int64Value> Add(Int32Value request, CancellationToken cancellationToken = default)
    {
        probe.Requests.Enqueue(request);
        probe.EnterWriter();
        try
        {
            var value = state.State.Value;
            await Task.Yield();
            await Task.Delay(1, CancellationToken.None);
            state.State.Value = value + request.Value;
            await state.WriteStateAsync(CancellationToken.None);
            return new Int64Value { Value = state.State.Value };
        }
        finally
        {
            probe.ExitWriter();
        }
    }

    public Task<Int64Value> Get(Empty request, CancellationToken cancellationToken = default)
    {
        probe.EnterReader();
        probe.ExitReader();
        return Task.FromResult(new Int64Value { Value = state.State.Value });
    }

    public async Task<Int32Value> ReadTogether(Empty request, CancellationToken cancellationToken = default)
    {
        probe.EnterReader();
        try
        {
            await probe.ArriveAtReaderBarrier();
            return new Int32Value { Value = probe.MaxReadersInFlight };
        }
        finally
        {
            probe.ExitReader();
        }
    }

    public async Task<Empty> Block(Empty request, CancellationToken cancellationToken = default)
    {
        probe.EnterWriter();
        try
        {
            probe.Blocked.TrySetResult();
            await probe.Gate.Task;
            return new Empty();
        }
        finally
        {
            probe.ExitWriter();
        }
    }

    public Task<Empty> Deactivate(Empty request, CancellationToken cancellationToken = default)
    {
        DeactivateOnIdle();
        return Task.FromResult(new Empty());
    }

    public Task<Empty> StartTimer(Int32Value request, CancellationToken cancellationToken = default)
    {
        var period = TimeSpan.FromSeconds(request.Value);
        RegisterGrainTimer(OnTimerAsync, period, period);
        return Task.FromResult(new Empty());
    }

    public async Task<Empty> SetReminder(Int32Value request, CancellationToken cancellationToken = default)
    {
        await SetReminderAsync("r", time.GetUtcNow().AddSeconds(request.Value), cancellationToken);
        return new Empty();
    }

    /// <summary>"fwd:target:text" calls grain "target" first (a grain-to-grain call).</summary>
    public async Task<StringValue> Echo(StringValue request, CancellationToken cancellationToken = default)
    {
        probe.Requests.Enqueue(request);
        if (request.Value.StartsWith("fwd:", StringComparison.Ordinal))
        {
            var parts = request.Value.Split(':', 3);
            var inner = await GrainFactory.GetGrain<ICounterGrain>(parts[1]).Echo(new StringValue { Value = parts[2] }, cancellationToken);
            return new StringValue { Value = $"{GetPrimaryKeyString()}>{inner.Value}" };
        }

        return new StringValue { Value = $"{GetPrimaryKeyString()}:{request.Value}" };
    }

    public Task ReceiveReminder(string name, CancellationToken cancellationToken)
    {
        probe.Reminders.Enqueue(name);
        probe.ReminderReceived.Raise();
        return Task.CompletedTask;
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        probe.EnterWriter();
        try
        {
            await Task.Yield();
            Interlocked.Increment(ref probe.TimerTicks);
        }
        finally
        {
            probe.ExitWriter();
        }

        probe.Ticked.Raise();
    }
}
