using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlashSale.Client;

/// <summary>
/// Mints short-lived shopper tokens (JWT, HS256) from the silo's signing key, for test users, the CLI
/// and the load runner; a production app gets its token from its own login backend instead, which
/// holds the key (or an identity provider the silo trusts). <see cref="For"/> keeps a user's token
/// until a fifth of its lifetime is left, so a client calling many times mints once per user and
/// period. Thread-safe. The key is never exposed.
/// </summary>
public sealed class ShopperTokens
{
    /// <summary>The silo's default issuer and audience.</summary>
    public const string DefaultIssuer = "flashsale";

    /// <summary>The signing key file the silo generates in its data folder.</summary>
    public const string DefaultKeyFileName = "jwt-signing-key";

    private const int MaxCached = 200_000;
    private static readonly byte[] Header = Encoding.UTF8.GetBytes(/*lang=json,strict*/ """{"alg":"HS256","typ":"JWT"}""");

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Minted> _cache = new(StringComparer.Ordinal);

    /// <summary>Mints with an HS256 key of at least 256 bits.</summary>
    public ShopperTokens(byte[] key, string issuer = DefaultIssuer, string audience = DefaultIssuer, TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("HS256 needs a key of at least 256 bits (32 bytes).", nameof(key));
        }

        _key = (byte[])key.Clone();
        Issuer = issuer;
        Audience = audience;
        Lifetime = lifetime ?? TimeSpan.FromMinutes(15);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The <c>iss</c> of minted tokens.</summary>
    public string Issuer { get; }

    /// <summary>The <c>aud</c> of minted tokens.</summary>
    public string Audience { get; }

    /// <summary>How long a minted token is valid.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Reads a key file as the silo writes it (base64 of the key bytes).</summary>
    public static ShopperTokens FromKeyFile(string path, string issuer = DefaultIssuer, string audience = DefaultIssuer, TimeSpan? lifetime = null)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"The signing key file '{path}' does not hold a base64 key.");
        }

        return new ShopperTokens(key, issuer, audience, lifetime);
    }

    /// <summary>A valid token for <paramref name="userId"/>: the cached one while more than a fifth of
    /// its lifetime is left, else a new one. Fits <see cref="FlashSaleChannelOptions.ShopperTokenProvider"/>.</summary>
    public string For(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && now < cached.RenewAt)
        {
            return cached.Token;
        }

        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        var token = Mint(userId, now, Lifetime);
        _cache[userId] = new Minted(token, now + Lifetime * 0.8);
        return token;
    }

    /// <summary>A new token for <paramref name="userId"/>, valid from <paramref name="issuedAt"/> for <paramref name="lifetime"/>.</summary>
    public string Mint(string userId, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var payload = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("sub", userId);
            json.WriteString("iss", Issuer);
            json.WriteString("aud", Audience);
            json.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            json.WriteNumber("nbf", issuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", (issuedAt + lifetime).ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private sealed record Minted(string Token, DateTimeOffset RenewAt);
}
