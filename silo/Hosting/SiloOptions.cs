using FlashSale.Silo.RateLimiting;

namespace FlashSale.Silo.Hosting;

/// <summary>Silo settings, bound from configuration section "Silo". Each has a command-line
/// switch and a FLASHSALE_* environment variable (see <see cref="SiloConfiguration"/>).</summary>
public sealed class SiloOptions
{
    /// <summary>gRPC over HTTP/2 cleartext.</summary>
    public string GrpcEndpoint { get; set; } = "127.0.0.1:5000";

    /// <summary>HTTP/1.1: /healthz (and later the dashboard and /metrics).</summary>
    public string HttpEndpoint { get; set; } = "127.0.0.1:5001";

    /// <summary>Folder for the embedded SQLite database and the generated admin token.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>"sqlite" (the embedded default), "postgres" (production; needs
    /// <see cref="PostgresConnectionString"/>) or "memory" (nothing survives a restart).</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>Npgsql connection string, e.g. "Host=127.0.0.1;Port=5432;Database=flashsale;Username=flashsale;Password=...".
    /// Setting it alone selects PostgreSQL storage.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Bearer token for the Admin service. When empty, one is generated once and kept in
    /// {DataDirectory}/admin-token (mode 600), where the CLI finds it.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Seed a demo room and run demo drops in a loop (see <see cref="DemoSeeder"/>).</summary>
    public bool Demo { get; set; }

    /// <summary>Seconds from start until the first demo drop opens.</summary>
    public int DemoOpensInSeconds { get; set; } = 20;

    /// <summary>Seconds from one demo drop selling out or closing until the next one opens.</summary>
    public int DemoIntervalSeconds { get; set; } = 30;

    /// <summary>Seconds each demo drop stays open at most; the built-in crowd leaves units for the
    /// human for the first half of it, then buys the rest.</summary>
    public int DemoOpenForSeconds { get; set; } = 60;

    /// <summary>Largest request message accepted, in bytes (gRPC default 4 MiB).</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Redis for cross-silo room events and shared rate limits, e.g. "127.0.0.1:6379"
    /// (StackExchange.Redis configuration string). Unset: in-process equivalents.</summary>
    public string? Redis { get; set; }

    /// <summary>Calls queued per grain before new ones are refused with RESOURCE_EXHAUSTED (Orleans'
    /// SiloMessagingOptions.MaxEnqueuedRequestsHardLimit; 0 turns the limit off).</summary>
    public int MailboxCapacity { get; set; } = 10_000;

    /// <summary>Orleans' silo-to-silo port on 127.0.0.1; 0 picks a free one (one silo needs no fixed port).</summary>
    public int SiloPort { get; set; }

    /// <summary>Orleans' gateway port for external Orleans clients; 0 (default) runs no gateway.</summary>
    public int GatewayPort { get; set; }

    /// <summary>Orleans cluster id: silos with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "flashsale";

    /// <summary>Orleans service id: part of every stored grain state's and reminder's key, so it
    /// must stay the same across deployments of one service.</summary>
    public string ServiceId { get; set; } = "flashsale";

    /// <summary>Anti-bot limits on the shopper's mutating calls (section "Silo:RateLimit").</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Blocklist, rapid-grab rule and rejection audit (section "Silo:AntiAbuse").</summary>
    public AntiAbuse.AntiAbuseOptions AntiAbuse { get; set; } = new();
}
