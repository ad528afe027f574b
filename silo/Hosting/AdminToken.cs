using System.Security.Cryptography;

namespace FlashSale.Silo.Hosting;

/// <summary>The admin bearer token: configured, or generated once into the data folder with
/// owner-only permissions (folder 0700, file 0600; looser existing modes are tightened). The token
/// itself is never logged.</summary>
public static class AdminToken
{
    public const string FileName = "admin-token";

    public static string Resolve(SiloOptions options, out string? generatedAt)
    {
        generatedAt = null;
        if (!string.IsNullOrWhiteSpace(options.AdminToken))
        {
            return options.AdminToken.Trim();
        }

        return SecretFile.ReadOrCreate(options.DataDirectory, FileName, 16, SecretFile.NewHexToken, out generatedAt);
    }

    /// <summary>Constant-time comparison of an <c>authorization</c> header value with the token.</summary>
    public static bool Matches(string? authorizationHeader, string token)
    {
        const string Prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = System.Text.Encoding.UTF8.GetBytes(authorizationHeader[Prefix.Length..].Trim());
        var expected = System.Text.Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
