using System.Security.Cryptography;
using FlashSale.Storage;

namespace FlashSale.Silo.Hosting;

/// <summary>A secret generated once into the data folder with owner-only permissions (folder 0700,
/// file 0600; looser existing modes are tightened before the file is read). Used for the admin and
/// operator tokens and the shoppers' JWT signing key. Secrets are never logged.</summary>
public static class SecretFile
{
    /// <summary>32 random bytes as lower-case hex: the admin and operator tokens.</summary>
    public static string NewHexToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret in {dataDirectory}/{fileName} when it holds at least
    /// <paramref name="minLength"/> characters, else a new one from <paramref name="generate"/>
    /// written there (<paramref name="generatedAt"/> then names the file).</summary>
    public static string ReadOrCreate(string dataDirectory, string fileName, int minLength, Func<string> generate, out string? generatedAt)
    {
        generatedAt = null;
        OwnerOnly.EnsureDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, fileName);

        // A file left readable by others (copied in, or written by an older version) is made
        // owner-only before it is read, kept or rewritten: UnixCreateMode only applies to new files.
        OwnerOnly.TightenFileIfExists(path);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { } existing && existing.Length >= minLength)
        {
            return existing;
        }

        var secret = generate();
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnly.FileMode;
        }

        using (var writer = new StreamWriter(path, fileOptions))
        {
            writer.Write(secret);
        }

        generatedAt = path;
        return secret;
    }
}
