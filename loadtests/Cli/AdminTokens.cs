namespace FlashSale.LoadTests.Cli;

/// <summary>Where the admin token comes from when --admin-token is not given: the silo's
/// environment variable, then the token file a local silo generates in ./data.</summary>
internal static class AdminTokens
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("FLASHSALE_ADMIN_TOKEN") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        var file = Path.Combine("data", "admin-token");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    /// <summary>Mints the test users' shopper tokens from the silo's key file: --signing-key-file,
    /// else FLASHSALE_SIGNING_KEY_FILE, else ./data/jwt-signing-key. Null when none exists.</summary>
    public static FlashSale.Client.ShopperTokens? FindShopperTokens(string? keyFile)
    {
        var path = keyFile
            ?? (Environment.GetEnvironmentVariable("FLASHSALE_SIGNING_KEY_FILE") is { Length: > 0 } fromEnv ? fromEnv : null)
            ?? Path.Combine("data", "jwt-signing-key");
        return File.Exists(path)
            ? FlashSale.Client.ShopperTokens.FromKeyFile(path)
            : keyFile is null ? null : throw new FlashSale.LoadTests.Scenarios.SetupException($"--signing-key-file: '{keyFile}' does not exist");
    }
}
