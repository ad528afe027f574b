using System.Security.Cryptography;
using FlashSale.Storage;

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

        OwnerOnly.EnsureDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, FileName);

        // A file left readable by others (copied in, or written by an older version) is made
        // owner-only before it is read, kept or rewritten: UnixCreateMode only applies to new files.
        OwnerOnly.TightenFileIfExists(path);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 16 } existing)
        {
            return existing;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnly.FileMode;
        }

        using (var writer = new StreamWriter(path, fileOptions))
        {
            writer.Write(token);
        }

        generatedAt = path;
        return token;
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
