using System.Collections.Concurrent;

namespace FlashSale.Runtime.Tests.TestGrains;

/// <summary>What the test grain reports to its test: one per host, registered in DI.</summary>
public sealed class Probe
{
    private int _writersInFlight;
    private int _readersInFlight;
    private int _readersArrived;

    public int MaxWritersInFlight;
    public int MaxReadersInFlight;
    public int OverlapsSeen;
    public int Activations;
    public int Deactivations;
    public int TimerTicks;
    public int FailActivations;

    public int ReaderBarrier { get; set; } = int.MaxValue;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReadersTogether { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<DeactivationReason> DeactivationReasons { get; } = new();

    public ConcurrentQueue<string> Reminders { get; } = new();

    public ConcurrentQueue<object> Requests { get; } = new();

    public Signal Deactivated { get; } = new();

    public Signal ReminderReceived { get; } = new();

    public Signal Ticked { get; } = new();

    public void EnterWriter()
    {
        var writers = Interlocked.Increment(ref _writersInFlight);
        InterlockedMax(ref MaxWritersInFlight, writers);
        if (writers > 1 || Volatile.Read(ref _readersInFlight) > 0)
        {
            Interlocked.Increment(ref OverlapsSeen);
        }
    }

    public void ExitWriter() => Interlocked.Decrement(ref _writersInFlight);

    public void EnterReader()
    {
        InterlockedMax(ref MaxReadersInFlight, Interlocked.Increment(ref _readersInFlight));
        if (Volatile.Read(ref _writersInFlight) > 0)
        {
            Interlocked.Increment(ref OverlapsSeen);
        }
    }

    public void ExitReader() => Interlocked.Decrement(ref _readersInFlight);

    public Task ArriveAtReaderBarrier()
    {
        if (Interlocked.Increment(ref _readersArrived) >= ReaderBarrier)
        {
            ReadersTogether.TrySetResult();
        }

        return ReadersTogether.Task;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>A counter tests can await: <see cref="WaitForAsync"/> completes once it reaches a value.</summary>
public sealed class Signal
{
    private readonly object _lock = new();
    private readonly List<(int Target, TaskCompletionSource Done)> _waiters = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Raise()
    {
        lock (_lock)
        {
            _count++;
            _waiters.RemoveAll(w =>
            {
                if (_count < w.Target)
                {
                    return false;
                }

                w.Done.TrySetResult();
                return true;
            });
        }
    }

    public Task WaitForAsync(int target)
    {
        lock (_lock)
        {
            if (_count >= target)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task;
        }
    }
}
