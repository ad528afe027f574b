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
}
