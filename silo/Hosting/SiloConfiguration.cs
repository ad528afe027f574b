using Microsoft.Extensions.Configuration.Memory;

namespace FlashSale.Silo.Hosting;

/// <summary>Maps the silo's command-line switches and FLASHSALE_* environment variables onto the
/// "Silo" configuration section. Precedence: command line, then environment, then appsettings.</summary>
public static class SiloConfiguration
{
    private static readonly (string Switch, string Env, string Key)[] Settings =
    [
        ("--grpc", "FLASHSALE_GRPC_ENDPOINT", "Silo:GrpcEndpoint"),
        ("--http", "FLASHSALE_HTTP_ENDPOINT", "Silo:HttpEndpoint"),
        ("--data", "FLASHSALE_DATA_DIR", "Silo:DataDirectory"),
        ("--storage", "FLASHSALE_STORAGE", "Silo:Storage"),
        ("--postgres", "FLASHSALE_POSTGRES", "Silo:PostgresConnectionString"),
        ("--admin-token", "FLASHSALE_ADMIN_TOKEN", "Silo:AdminToken"),
        ("--demo-opens-in", "FLASHSALE_DEMO_OPENS_IN", "Silo:DemoOpensInSeconds"),
        ("--demo-interval", "FLASHSALE_DEMO_INTERVAL", "Silo:DemoIntervalSeconds"),
        ("--demo-open-for", "FLASHSALE_DEMO_OPEN_FOR", "Silo:DemoOpenForSeconds"),
        ("--max-receive-message-size", "FLASHSALE_MAX_RECEIVE_MESSAGE_SIZE", "Silo:MaxReceiveMessageSize"),
        ("--mailbox-capacity", "FLASHSALE_MAILBOX_CAPACITY", "Silo:MailboxCapacity"),
        ("--silo-port", "FLASHSALE_SILO_PORT", "Silo:SiloPort"),
        ("--gateway-port", "FLASHSALE_GATEWAY_PORT", "Silo:GatewayPort"),
        ("--cluster-id", "FLASHSALE_CLUSTER_ID", "Silo:ClusterId"),
        ("--service-id", "FLASHSALE_SERVICE_ID", "Silo:ServiceId"),
        ("--redis", "FLASHSALE_REDIS", "Silo:Redis"),
        ("--rate-limit", "FLASHSALE_RATE_LIMIT", "Silo:RateLimit:Mode"),
        ("--rate-limit-user", "FLASHSALE_RATE_LIMIT_USER", "Silo:RateLimit:PerUser"),
        ("--rate-limit-address", "FLASHSALE_RATE_LIMIT_ADDRESS", "Silo:RateLimit:PerAddress"),
        ("--rate-limit-window-ms", "FLASHSALE_RATE_LIMIT_WINDOW_MS", "Silo:RateLimit:WindowMilliseconds"),
        ("--rate-limit-redis-timeout-ms", "FLASHSALE_RATE_LIMIT_REDIS_TIMEOUT_MS", "Silo:RateLimit:RedisTimeoutMilliseconds"),
        ("--trust-forwarded-for", "FLASHSALE_TRUST_FORWARDED_FOR", "Silo:RateLimit:TrustForwardedFor"),
        ("--power-cut-safe", "FLASHSALE_POWER_CUT_SAFE", "Silo:PowerCutSafe"),
        ("--clustering", "FLASHSALE_CLUSTERING", "Silo:Clustering"),
        ("--advertised-address", "FLASHSALE_ADVERTISED_ADDRESS", "Silo:AdvertisedAddress"),
        ("--listen-address", "FLASHSALE_LISTEN_ADDRESS", "Silo:ListenAddress"),
        ("--probe-timeout-ms", "FLASHSALE_PROBE_TIMEOUT_MS", "Silo:Membership:ProbeTimeoutMilliseconds"),
        ("--missed-probes-limit", "FLASHSALE_MISSED_PROBES_LIMIT", "Silo:Membership:MissedProbesLimit"),
        ("--death-votes", "FLASHSALE_DEATH_VOTES", "Silo:Membership:DeathVotes"),
        ("--table-refresh-ms", "FLASHSALE_TABLE_REFRESH_MS", "Silo:Membership:TableRefreshMilliseconds"),
        ("--i-am-alive-ms", "FLASHSALE_I_AM_ALIVE_MS", "Silo:Membership:IAmAliveMilliseconds"),
        ("--operator-token", "FLASHSALE_OPERATOR_TOKEN", "Silo:OperatorToken"),
        ("--shopper-auth", "FLASHSALE_SHOPPER_AUTH", "Silo:Auth:Mode"),
        ("--signing-key", "FLASHSALE_SIGNING_KEY", "Silo:Auth:SigningKey"),
        ("--signing-key-file", "FLASHSALE_SIGNING_KEY_FILE", "Silo:Auth:SigningKeyFile"),
        ("--jwt-issuer", "FLASHSALE_JWT_ISSUER", "Silo:Auth:Issuer"),
        ("--jwt-audience", "FLASHSALE_JWT_AUDIENCE", "Silo:Auth:Audience"),
        ("--jwt-authority", "FLASHSALE_JWT_AUTHORITY", "Silo:Auth:Authority"),
        ("--tls-cert", "FLASHSALE_TLS_CERT", "Silo:Tls:CertificateFile"),
        ("--tls-key", "FLASHSALE_TLS_KEY", "Silo:Tls:KeyFile"),
        ("--anti-abuse", "FLASHSALE_ANTI_ABUSE", "Silo:AntiAbuse:Mode"),
        ("--rapid-grab-drops", "FLASHSALE_RAPID_GRAB_DROPS", "Silo:AntiAbuse:RapidGrabDrops"),
        ("--rapid-grab-window", "FLASHSALE_RAPID_GRAB_WINDOW", "Silo:AntiAbuse:RapidGrabWindowSeconds"),
        ("--blocklist-refresh-ms", "FLASHSALE_BLOCKLIST_REFRESH_MS", "Silo:AntiAbuse:BlocklistRefreshMilliseconds"),
        ("--orleans-dashboard", "FLASHSALE_ORLEANS_DASHBOARD", "Monitoring:OrleansDashboard"),
    ];

    /// <summary>Defaults under everything else (appsettings, environment, command line). ASP.NET
    /// Core logs two Information lines per request ("Request starting/finished"): at flash-sale
    /// rates that is tens of thousands of console lines a second, whose formatting cost CPU and
    /// whose queued strings lengthened every garbage collection. Per-request logs come back with
    /// <c>Logging__LogLevel__Microsoft.AspNetCore=Information</c>.</summary>
    private static readonly KeyValuePair<string, string?>[] Defaults =
    [
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
        // Orleans tells a lot at Information (membership, directory, placement); its warnings stay.
        new("Logging:LogLevel:Orleans", "Warning"),
        // Orleans places each new activation through a Polly pipeline, whose telemetry logs two
        // Information lines per placement: during a spike, lines per viewer. Its warnings stay.
        new("Logging:LogLevel:Polly", "Warning"),
    ];

    public static void Apply(IConfigurationManager configuration, string[] args)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, env, key) in Settings)
        {
            if (Environment.GetEnvironmentVariable(env) is { Length: > 0 } value)
            {
                fromEnvironment[key] = value;
            }
        }

        if (Environment.GetEnvironmentVariable("FLASHSALE_DEMO") is "1" or "true")
        {
            fromEnvironment["Silo:Demo"] = "true";
        }

        configuration.AddInMemoryCollection(fromEnvironment);

        // "--demo" and "--power-cut-safe" are flags; the configuration command-line provider wants a value
        // ("--power-cut-safe=false" also works).
        var normalized = args.Select(a => a is "--demo" or "--power-cut-safe" ? a + "=true" : a).ToArray();
        var switches = Settings.ToDictionary(s => s.Switch, s => s.Key);
        switches["--demo"] = "Silo:Demo";
        configuration.AddCommandLine(normalized, switches);
    }
}
