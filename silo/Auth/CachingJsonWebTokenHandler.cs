using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Silo.Auth;

/// <summary>
/// The JwtBearer handler's token validator with a cache of tokens it already accepted, keyed by the
/// token string and kept until the token's <c>exp</c>: a shopper's app sends the same token on every
/// grab, and the signature check and claim parsing then run once per token instead of once per call.
/// Only successes are cached (a token that failed is checked again each time), an entry is never
/// used past the token's expiry, and the cache holds at most <c>capacity</c> tokens (expired ones are
/// swept first, then everything, when it is full). The silo's keys never change while it runs, so
/// a token valid once stays valid until it expires.
/// </summary>
public sealed class CachingJsonWebTokenHandler(int capacity) : JsonWebTokenHandler
{
    private readonly ConcurrentDictionary<string, Entry> _accepted = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Tokens currently cached (for tests).</summary>
    public int Count => Volatile.Read(ref _count);

    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (capacity > 0 && _accepted.TryGetValue(token, out var entry))
        {
            if (DateTime.UtcNow < entry.ValidTo)
            {
                return entry.Result;
            }

            if (_accepted.TryRemove(token, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        return capacity > 0 ? ValidateAndRememberAsync(token, validationParameters) : base.ValidateTokenAsync(token, validationParameters);
    }

    private async Task<TokenValidationResult> ValidateAndRememberAsync(string token, TokenValidationParameters validationParameters)
    {
        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && result.SecurityToken is { } validated && validated.ValidTo > DateTime.UtcNow)
        {
            if (Volatile.Read(ref _count) >= capacity)
            {
                Sweep();
            }

            if (_accepted.TryAdd(token, new Entry(Task.FromResult(result), validated.ValidTo)))
            {
                Interlocked.Increment(ref _count);
            }
        }

        return result;
    }

    private void Sweep()
    {
        var now = DateTime.UtcNow;
        foreach (var (token, entry) in _accepted)
        {
            if (entry.ValidTo <= now && _accepted.TryRemove(token, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        if (Volatile.Read(ref _count) >= capacity)
        {
            _accepted.Clear();
            Volatile.Write(ref _count, 0);
        }
    }

    private sealed record Entry(Task<TokenValidationResult> Result, DateTime ValidTo);
}
