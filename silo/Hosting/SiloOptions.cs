using FlashSale.Silo.Auth;
using FlashSale.Silo.RateLimiting;

namespace FlashSale.Silo.Hosting;

/// <summary>Silo settings, bound from configuration section "Silo". Each has a command-line
/// switch and a FLASHSALE_* environment variable (see <see cref="SiloConfiguration"/>).</summary>
public sealed class SiloOptions
{
    /// <summary>The value of <see cref="Clustering"/> for one silo with no membership server.</summary>
    public const string SingleClustering = "single";

    /// <summary>The value of <see cref="Clustering"/> for Orleans' ADO.NET membership on PostgreSQL.</summary>
    public const string PostgresClustering = "postgres";

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

    /// <summary>Orleans' silo-to-silo port (on 127.0.0.1 with single clustering, on
    /// <see cref="ListenAddress"/> in a cluster); 0 picks a free one.</summary>
    public int SiloPort { get; set; }

    /// <summary>Orleans' gateway port for external Orleans clients; 0 (default) runs no gateway.</summary>
    public int GatewayPort { get; set; }

    /// <summary>Orleans cluster id: silos with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "flashsale";

    /// <summary>Orleans service id: part of every stored grain state's and reminder's key, so it
    /// must stay the same across deployments of one service.</summary>
    public string ServiceId { get; set; } = "flashsale";

    /// <summary>SQLite: sync each commit to disk before acknowledging it (<c>synchronous = FULL</c>),
    /// so an acknowledged grab survives a power cut or an OS crash, not only a killed silo. Off by
    /// default. Group commit shares one sync among the writes of a batch (README, Performance).</summary>
    public bool PowerCutSafe { get; set; }

    /// <summary>Anti-bot limits on the shopper's mutating calls (section "Silo:RateLimit").</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>"single" (the embedded default: a one-silo Orleans cluster on loopback, no server
    /// needed) or "postgres" (Orleans' membership table in the storage's PostgreSQL database;
    /// needs storage postgres).</summary>
    public string Clustering { get; set; } = SingleClustering;

    /// <summary>The IP address other silos reach this one at (recorded in the membership table).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The address the silo and gateway ports bind on: empty (default) binds the
    /// advertised address itself, "0.0.0.0" every interface (e.g. behind NAT or a container
    /// network, where the advertised address is not a local one).</summary>
    public string? ListenAddress { get; set; }

    /// <summary>Orleans' failure detection in a cluster (section "Silo:Membership").</summary>
    public MembershipTuning Membership { get; set; } = new();
    /// <summary>Bearer token of the read-only operator role (Admin service queries, dashboard,
    /// /metrics). When empty, one is generated once and kept in {DataDirectory}/operator-token (mode 600).</summary>
    public string? OperatorToken { get; set; }

    /// <summary>Shoppers' bearer JWTs: signing key or authority, issuer, audience (section "Silo:Auth").</summary>
    public ShopperAuthOptions Auth { get; set; } = new();

    /// <summary>TLS on both ports when a certificate and key are given (section "Silo:Tls").</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Blocklist, rapid-grab rule and rejection audit (section "Silo:AntiAbuse").</summary>
    public AntiAbuse.AntiAbuseOptions AntiAbuse { get; set; } = new();
}
