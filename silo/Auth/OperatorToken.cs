using FlashSale.Silo.Hosting;

namespace FlashSale.Silo.Auth;

/// <summary>The read-only operator token: configured, or generated once into
/// {DataDirectory}/operator-token (mode 600) like the admin token.</summary>
public static class OperatorToken
{
    public const string FileName = "operator-token";

    public static string Resolve(SiloOptions options, out string? generatedAt)
    {
        generatedAt = null;
        return !string.IsNullOrWhiteSpace(options.OperatorToken)
            ? options.OperatorToken.Trim()
            : SecretFile.ReadOrCreate(options.DataDirectory, FileName, 16, SecretFile.NewHexToken, out generatedAt);
    }
}
