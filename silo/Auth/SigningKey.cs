using System.Security.Cryptography;
using FlashSale.Silo.Hosting;

namespace FlashSale.Silo.Auth;

/// <summary>The HS256 key that signs shoppers' tokens: configured (base64 or a file holding it), or
/// generated once into the data folder like the admin token. Null when an authority signs instead.</summary>
public static class SigningKey
{
    public const string FileName = "jwt-signing-key";

    /// <summary>HS256 wants a key at least as long as its hash (RFC 7518 §3.2).</summary>
    public const int MinBytes = 32;

    public static byte[]? Resolve(SiloOptions options, out string? generatedAt)
    {
        generatedAt = null;
        var auth = options.Auth;
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            return Decode(auth.SigningKey, "the configured signing key");
        }

        if (!string.IsNullOrWhiteSpace(auth.SigningKeyFile))
        {
            if (!File.Exists(auth.SigningKeyFile))
            {
                throw new InvalidOperationException($"The signing key file '{auth.SigningKeyFile}' does not exist.");
            }

            return Decode(File.ReadAllText(auth.SigningKeyFile), $"the signing key file '{auth.SigningKeyFile}'");
        }

        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            return null;
        }

        var text = SecretFile.ReadOrCreate(options.DataDirectory, FileName, 44, NewKey, out generatedAt);
        return Decode(text, $"the signing key file '{Path.Combine(options.DataDirectory, FileName)}'");
    }

    /// <summary>A new key as the key file holds it: 32 random bytes, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinBytes));

    private static byte[] Decode(string base64, string what)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{what} is not base64.");
        }

        return key.Length >= MinBytes
            ? key
            : throw new InvalidOperationException($"{what} has {key.Length * 8} bits; HS256 needs at least {MinBytes * 8}.");
    }
}
