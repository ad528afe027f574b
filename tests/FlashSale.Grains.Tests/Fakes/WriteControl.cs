using FlashSale.Storage.Domain;

namespace FlashSale.Grains.Tests.Fakes;

/// <summary>What a test can do to the writes of the store fakes: count them per kind ("drop",
/// "wallet", or the grain type of a persistent state), hold them at a gate, slow them down, or
/// fail the next few.</summary>
internal sealed class WriteControl
{
    private readonly Dictionary<string, int> _writes = new(StringComparer.Ordinal);
    private TaskCompletionSource? _gate;
    private TaskCompletionSource _writeHeld = NewSignal();
    private int _failNext;
    private (string Key, int Skip, int Count)? _failOf;

    /// <summary>Each write waits this long first, so calls pile up meanwhile.</summary>
    public TimeSpan WriteDelay { get; set; }

    /// <summary>Completes when a write reaches the gate closed by the last <see cref="CloseGate"/>.</summary>
    public Task WriteHeld => Volatile.Read(ref _writeHeld).Task;

    /// <summary>Durable writes of <paramref name="kind"/> so far.</summary>
    public int Writes(string kind)
    {
        lock (_writes)
        {
            return _writes.GetValueOrDefault(kind);
        }
    }

    /// <summary>Writes from now on wait until <see cref="OpenGate"/>.</summary>
    public void CloseGate()
    {
        Volatile.Write(ref _writeHeld, NewSignal());
        Volatile.Write(ref _gate, NewSignal());
    }

    public void OpenGate() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>The next <paramref name="count"/> writes fail as unavailable, writing nothing.</summary>
    public void FailNextWrites(int count) => Volatile.Write(ref _failNext, count);

    /// <summary>Of the writes under <paramref name="key"/> (a drop store's grain key), the
    /// <paramref name="count"/> after the next <paramref name="skip"/> fail as unavailable, writing nothing.</summary>
    public void FailWritesOf(string key, int skip = 0, int count = 1)
    {
        lock (_writes)
        {
            _failOf = (key, skip, count);
        }
    }

    /// <summary>Runs before a fake writes under <paramref name="key"/>: gate, delay, injected failure.</summary>
    public async Task BeforeWriteAsync(string key)
    {
        lock (_writes)
        {
            if (_failOf is { } fail && fail.Key == key)
            {
                _failOf = fail.Skip > 0 ? fail with { Skip = fail.Skip - 1 } : fail.Count > 1 ? fail with { Count = fail.Count - 1 } : null;
                if (fail.Skip == 0)
                {
                    throw new StorageUnavailableException($"storage failed the write of {key} (test)");
                }
            }
        }

        await BeforeWriteAsync().ConfigureAwait(false);
    }

    /// <summary>Runs before a fake writes: gate, delay, injected failure.</summary>
    public async Task BeforeWriteAsync()
    {
        if (Volatile.Read(ref _gate) is { } gate)
        {
            Volatile.Read(ref _writeHeld).TrySetResult();
            await gate.Task.ConfigureAwait(false);
        }

        if (WriteDelay > TimeSpan.Zero)
        {
            await Task.Delay(WriteDelay).ConfigureAwait(false);
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw new StorageUnavailableException("storage failed the write (test)");
        }
    }

    /// <summary>Counts a write that became durable.</summary>
    public void Written(string kind)
    {
        lock (_writes)
        {
            _writes[kind] = _writes.GetValueOrDefault(kind) + 1;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
