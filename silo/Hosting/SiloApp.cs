using FlashSale.Silo.AntiAbuse;
using FlashSale.Silo.Auth;
using FlashSale.Silo.Interceptors;
using FlashSale.Silo.Monitoring;
using FlashSale.Silo.RateLimiting;
using FlashSale.Silo.Redis;
using FlashSale.Silo.Services;
using FlashSale.Silo.Services.Health;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace FlashSale.Silo.Hosting;

/// <summary>Builds the silo: Kestrel with a gRPC (h2c) and an HTTP/1.1 endpoint, the grain
/// Orleans silo with the grains on the configured storage, the gRPC services (grpc-dotnet) with health, reflection and
/// gRPC-Web, and the /healthz endpoint.</summary>
public static class SiloApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // No reloading of appsettings on change: the file watcher behind it watches the whole
        // content root, data directory included, and woke on every SQLite WAL write (3-10 % of the
        // silo's CPU in a hot-drop profile). An explicit argument still turns it back on.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        SiloConfiguration.Apply(builder.Configuration, args);
        builder.Services.Configure<SiloOptions>(builder.Configuration.GetSection("Silo"));
        var options = builder.Configuration.GetSection("Silo").Get<SiloOptions>() ?? new SiloOptions();

        var grpcEndpoint = Endpoint.Parse(options.GrpcEndpoint, "grpc endpoint");
        var httpEndpoint = Endpoint.Parse(options.HttpEndpoint, "http endpoint");
        var certificate = options.Tls.Load();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(grpcEndpoint, listen => Tls.Listen(listen, HttpProtocols.Http2, certificate));
            kestrel.Listen(httpEndpoint, listen => Tls.Listen(listen, HttpProtocols.Http1, certificate));
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1_000;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddFlashSaleOrleans(options);

        // Redis (optional): cross-silo room events and shared rate limits; in-process without it.
        builder.Services.AddFlashSaleRedis(options.Redis);
        builder.Services.AddShopRateLimiting(options.RateLimit);
        builder.Services.AddAntiAbuse(options.AntiAbuse);

        var adminToken = AdminToken.Resolve(options, out var tokenFile);
        var operatorToken = OperatorToken.Resolve(options, out var operatorTokenFile);
        builder.Services.AddSingleton(new AdminAuthorizer(adminToken, operatorToken));
        var signingKey = SigningKey.Resolve(options, out var signingKeyFile);
        builder.Services.AddFlashSaleAuth(options.Auth, signingKey);
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            // Outermost, so the metrics see the status the client sees.
            o.Interceptors.Add<MetricsInterceptor>();
            // Global interceptors run first, so exception mapping also covers the per-service ones.
            o.Interceptors.Add<ExceptionMappingInterceptor>();
        })
            // Each rule only on the service it concerns: a grab or a health check does not pass
            // through the admin check (one async layer less per call on the hot path).
            .AddServiceOptions<AdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<ShopService>(o =>
            {
                // Who is calling before what it costs: a forged user_id is refused before it is charged.
                if (options.Auth.IsEnabled)
                {
                    o.Interceptors.Add<ShopAuthInterceptor>();
                }

                // Anti-abuse before the rate limit: a blocked caller spends no quota.
                o.Interceptors.Add<AntiAbuseInterceptor>();
                o.Interceptors.Add<RateLimitInterceptor>();
            });
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<ExceptionMappingInterceptor>();
        builder.Services.AddSingleton<AdminAuthInterceptor>();
        builder.Services.AddSingleton<RateLimitInterceptor>();
        builder.Services.AddSingleton<ShopAuthInterceptor>();
        builder.Services.AddSingleton<ShopService>();
        builder.Services.AddSingleton<AdminService>();
        // grpc.health.v1 is Grpc.HealthCheck's HealthServiceImpl, fed by our HealthService.
        builder.Services.AddSingleton<HealthService>();
        builder.Services.AddSingleton<HealthGrpcService>();
        builder.Services.AddHostedService<SiloLifetime>();
        builder.AddFlashSaleMonitoring();
        if (options.Demo)
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FlashSale.Silo");
        SiloLog.Starting(log, options.GrpcEndpoint, options.HttpEndpoint, StorageKind(options), Path.GetFullPath(options.DataDirectory));
        if (tokenFile is not null)
        {
            SiloLog.AdminTokenGenerated(log, Path.GetFullPath(tokenFile));
        }

        if (operatorTokenFile is not null)
        {
            SiloLog.OperatorTokenGenerated(log, Path.GetFullPath(operatorTokenFile));
        }

        if (signingKeyFile is not null)
        {
            SiloLog.SigningKeyGenerated(log, Path.GetFullPath(signingKeyFile));
        }

        if (!options.Auth.IsEnabled)
        {
            SiloLog.ShopperAuthOff(log);
        }

        // gRPC-Web (for browsers, also over HTTP/1.1 on the HTTP endpoint) for the Shop service.
        app.UseGrpcWeb();
        app.MapGrpcService<ShopService>().EnableGrpcWeb();
        app.MapGrpcService<AdminService>();
        app.MapGrpcService<HealthGrpcService>();
        app.MapGrpcReflectionService();
        app.MapGet("/healthz", HealthEndpoint.Handle);
        app.MapFlashSaleMonitoring();
        return app;
    }

    /// <summary>A PostgreSQL connection string on its own selects PostgreSQL.</summary>
    public static string StorageKind(SiloOptions options) =>
        !string.IsNullOrWhiteSpace(options.PostgresConnectionString) && options.Storage.Equals("sqlite", StringComparison.OrdinalIgnoreCase)
            ? "postgres"
            : options.Storage.ToLowerInvariant();
}
