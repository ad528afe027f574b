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

    /// <summary>No default value on purpose, as for <see cref="AdminToken"/>: help must not print it.</summary>
    public static readonly Option<string?> Token = new("--token")
    {
        Description = "Shopper bearer token (JWT) for shopper verbs (default: env FLASHSALE_TOKEN, else one minted for --user from --signing-key-file)",
        Recursive = true,
    };

    public static readonly Option<string?> SigningKeyFile = new("--signing-key-file")
    {
        Description = "Silo's JWT signing key file to mint a token for --user (env FLASHSALE_SIGNING_KEY_FILE, default ./" + SigningKeyFileDefault + ")",
        Recursive = true,
    };

    public static readonly Option<string?> TlsCa = new("--tls-ca")
    {
        Description = "PEM certificate to trust for an https:// --address, e.g. a self-signed silo's (env FLASHSALE_TLS_CA)",
        Recursive = true,
    };

    public const string SigningKeyFileDefault = "data/jwt-signing-key";

    public static void AddTo(Command root)
    {
        root.Options.Add(Address);
        root.Options.Add(User);
        root.Options.Add(AdminToken);
        root.Options.Add(Timeout);
        root.Options.Add(Json);
        root.Options.Add(Token);
        root.Options.Add(SigningKeyFile);
        root.Options.Add(TlsCa);
    }

    /// <summary>The operator token: --admin-token, else FLASHSALE_ADMIN_TOKEN, else ./data/admin-token.</summary>
    public static string? ResolveAdminToken(ParseResult parse) =>
        parse.GetValue(AdminToken) is { Length: > 0 } given ? given : Env("FLASHSALE_ADMIN_TOKEN") ?? ReadTokenFile();

    /// <summary>The shopper's fixed token: --token, else FLASHSALE_TOKEN; null when neither is given.</summary>
    public static string? ResolveShopperToken(ParseResult parse) =>
        parse.GetValue(Token) is { Length: > 0 } given ? given : Env("FLASHSALE_TOKEN");

    /// <summary>Mints tokens from --signing-key-file, FLASHSALE_SIGNING_KEY_FILE or ./data/jwt-signing-key;
    /// null when no such file exists (an explicitly named file that is missing is an error).</summary>
    public static FlashSale.Client.ShopperTokens? ResolveTokenMinter(ParseResult parse)
    {
        var named = parse.GetValue(SigningKeyFile) is { Length: > 0 } given ? given : Env("FLASHSALE_SIGNING_KEY_FILE");
        var path = named ?? Path.Combine(Environment.CurrentDirectory, SigningKeyFileDefault);
        if (!File.Exists(path))
        {
            return named is null ? null : throw new CliUsageException($"--signing-key-file: '{named}' does not exist.");
        }

        try
        {
            return FlashSale.Client.ShopperTokens.FromKeyFile(path);
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException)
        {
            throw new CliUsageException($"--signing-key-file: {error.Message}");
        }
    }

    /// <summary>The certificate named by --tls-ca or FLASHSALE_TLS_CA, if any.</summary>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2? ResolveTlsCa(ParseResult parse) =>
        (parse.GetValue(TlsCa) is { Length: > 0 } given ? given : Env("FLASHSALE_TLS_CA")) is { } path
            ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path)
            : null;

    private static string? Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string? ReadTokenFile()
    {
        var path = Path.Combine(Environment.CurrentDirectory, AdminTokenFile);
        return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
    }
}
