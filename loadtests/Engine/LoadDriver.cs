using FlashSale.LoadTests.Load;

namespace FlashSale.LoadTests.Engine;

/// <summary>One scenario iteration for virtual-user slot <c>slot</c>. It must not throw for
/// expected failures (scenarios record them); anything it throws is counted as a fault.</summary>
internal delegate ValueTask Iteration(int slot, CancellationToken cancellationToken);

/// <summary>Runs a load plan: closed model as one loop per virtual user, open model as a pacer
/// that starts calls without waiting for earlier ones. Every loop stops at the plan's end, at
/// the iteration limit, or on cancellation.</summary>
internal sealed partial class LoadDriver
{
    private readonly LoadPlan _plan;
    private readonly TimeProvider _time;
    private readonly DriverLimits _limits;
    private long _started;
    private long _faults;
    private long _dropped;
    private int _inFlight;
    private int _maxInFlight;

    public LoadDriver(LoadPlan plan, TimeProvider time, DriverLimits limits)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
    }

    /// <summary>Iterations started.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Iterations that threw.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Open model: due calls not started because <see cref="DriverLimits.MaxInFlight"/> was reached.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The most iterations that were in flight at once.</summary>
    public int MaxObservedInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>The current number of iterations in flight.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public Task RunAsync(Iteration iteration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        return _plan.IsOpen
            ? RunOpenAsync(iteration, cancellationToken)
            : RunClosedAsync(iteration, cancellationToken);
    }

    private bool TryReserve() => Interlocked.Increment(ref _started) <= _limits.MaxIterations;

    private void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var max = Volatile.Read(ref _maxInFlight);
        while (now > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, now, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    private void Exit() => Interlocked.Decrement(ref _inFlight);

    private ValueTask RunOneAsync(Iteration iteration, int slot, CancellationToken cancellationToken)
    {
        Enter();
        return RunEnteredAsync(iteration, slot, cancellationToken);
    }

    // The caller already counted the call in flight (Enter), so a drain cannot miss it.
    private async ValueTask RunEnteredAsync(Iteration iteration, int slot, CancellationToken cancellationToken)
    {
        try
        {
            await iteration(slot, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: not a fault
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _faults);
        }
        finally
        {
            Exit();
        }
    }
}
