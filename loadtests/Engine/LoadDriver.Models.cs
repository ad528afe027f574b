namespace FlashSale.LoadTests.Engine;

internal sealed partial class LoadDriver
{
    private async Task RunClosedAsync(Iteration iteration, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var workers = new Task[Math.Max(1, _plan.MaxConcurrency)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkerAsync(i, start, iteration, cancellationToken);
        }

        await Task.WhenAll(workers);
    }

    private async Task WorkerAsync(int slot, long start, Iteration iteration, CancellationToken cancellationToken)
    {
        // Leave the caller's thread at once so that hundreds of workers start in parallel.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = _time.GetElapsedTime(start);
            if (elapsed >= _plan.Duration)
            {
                return;
            }

            if (slot >= _plan.ConcurrencyAt(elapsed))
            {
                await DelayAsync(_limits.IdlePoll, cancellationToken);
                continue;
            }

            if (!TryReserve())
            {
                return;
            }

            await RunOneAsync(iteration, slot, cancellationToken);
        }
    }

    private async Task RunOpenAsync(Iteration iteration, CancellationToken cancellationToken)
    {
        var pacer = new Load.InjectPacer(_plan, _limits.MaxIterations);
        var start = _time.GetTimestamp();
        var sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = _time.GetElapsedTime(start);
            var due = pacer.Take(elapsed);
            for (var i = 0; i < due; i++)
            {
                if (Volatile.Read(ref _inFlight) >= _limits.MaxInFlight)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                Interlocked.Increment(ref _started);

                // Each call starts on the thread pool, not inline: started one after another on
                // this loop's thread, a tick's calls reached the server as one burst.
                Enter();
                ThreadPool.UnsafeQueueUserWorkItem(
                    static s => _ = s.Driver.RunEnteredAsync(s.Iteration, s.Slot, s.Token),
                    new OpenCall(this, iteration, sequence++, cancellationToken),
                    preferLocal: false);
            }

            if (elapsed >= _plan.Duration || pacer.Issued >= pacer.MaxCalls)
            {
                break;
            }

            await DelayAsync(_limits.Tick, cancellationToken);
        }

        await DrainAsync();
    }

    private sealed record OpenCall(LoadDriver Driver, Iteration Iteration, int Slot, CancellationToken Token);

    private async Task DrainAsync()
    {
        var start = _time.GetTimestamp();
        while (Volatile.Read(ref _inFlight) > 0 && _time.GetElapsedTime(start) < _limits.DrainTimeout)
        {
            await DelayAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the loops check the token themselves
        }
    }
}
