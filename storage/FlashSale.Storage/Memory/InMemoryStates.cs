using FlashSale.Storage.Domain;

namespace FlashSale.Storage.Memory;

/// <summary>Versioned state bytes by key, for the in-memory stores: the same version rule as the
/// SQL stores (a write names the version it read; null means nothing stored), under one lock so a
/// state write and its rows are applied together or not at all.</summary>
internal sealed class InMemoryStates
{
    private readonly Dictionary<string, (byte[] Data, long Version)> _states = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public OwnedState? Read(string key)
    {
        lock (Gate)
        {
            return _states.TryGetValue(key, out var stored) ? new OwnedState(stored.Data.ToArray(), Versions.Format(stored.Version)) : null;
        }
    }

    /// <summary>Checks the version and stores the state; the caller holds <see cref="Gate"/> and
    /// applies its rows only after this returned.</summary>
    public string WriteLocked(string key, ReadOnlyMemory<byte> data, string? expectedEtag)
    {
        var expected = Versions.Parse(expectedEtag, key);
        var exists = _states.TryGetValue(key, out var stored);
        if (exists ? expected != stored.Version : expected is not null)
        {
            throw Versions.Conflict(key, expectedEtag, exists ? Versions.Format(stored.Version) : null);
        }

        _states[key] = (data.ToArray(), (expected ?? 0) + 1);
        return Versions.Next(expected);
    }

    public void Delete(string key, string? expectedEtag)
    {
        lock (Gate)
        {
            var expected = Versions.Parse(expectedEtag, key);
            var exists = _states.TryGetValue(key, out var stored);
            if (exists ? expected != stored.Version : expected is not null)
            {
                throw Versions.Conflict(key, expectedEtag, exists ? Versions.Format(stored.Version) : null);
            }

            _states.Remove(key);
        }
    }
}
