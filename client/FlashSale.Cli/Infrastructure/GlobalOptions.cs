using System.CommandLine;

namespace FlashSale.Cli.Infrastructure;

/// <summary>Options every verb accepts; each falls back to an environment variable.</summary>
internal static class GlobalOptions
{
    public const string DefaultAddress = "http://127.0.0.1:5000";
    public const string AdminTokenFile = "data/admin-token";

    public static readonly Option<string> Address = new("--address", "-a")
    {
        Description = "Silo gRPC address, a comma-separated list of them, or dns:///host:port (env FLASHSALE_ADDRESS)",
        Recursive = true,
        DefaultValueFactory = _ => Env("FLASHSALE_ADDRESS") ?? DefaultAddress,
    };

    public static readonly Option<string?> User = new("--user", "-u")
    {
        Description = "Acting user id (env FLASHSALE_USER)",
        Recursive = true,
        DefaultValueFactory = _ => Env("FLASHSALE_USER"),
    };

    /// <summary>No default value on purpose: help would print it. The fallbacks are read only when a
    /// verb runs (<see cref="ResolveAdminToken"/>), so neither help nor errors can show the token.</summary>
    public static readonly Option<string?> AdminToken = new("--admin-token")
    {
        Description = "Operator token (default: env FLASHSALE_ADMIN_TOKEN, else ./" + AdminTokenFile + ")",
        Recursive = true,
    };

    public static readonly Option<string?> Timeout = new("--timeout")
    {
        Description = "Per-call deadline, e.g. 5s, 500ms, 1m (default 10s)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print replies as JSON",
        Recursive = true,
    };

    public static void AddTo(Command root)
    {
        root.Options.Add(Address);
        root.Options.Add(User);
        root.Options.Add(AdminToken);
        root.Options.Add(Timeout);
        root.Options.Add(Json);
    }

    /// <summary>The operator token: --admin-token, else FLASHSALE_ADMIN_TOKEN, else ./data/admin-token.</summary>
    public static string? ResolveAdminToken(ParseResult parse) =>
        parse.GetValue(AdminToken) is { Length: > 0 } given ? given : Env("FLASHSALE_ADMIN_TOKEN") ?? ReadTokenFile();

    private static string? Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string? ReadTokenFile()
    {
        var path = Path.Combine(Environment.CurrentDirectory, AdminTokenFile);
        return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
    }
}
