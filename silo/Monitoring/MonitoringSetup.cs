using FlashSale.Silo.Dashboard;
using FlashSale.Silo.Hosting;
using FlashSale.Silo.Interceptors;
using FlashSale.Silo.Monitoring.Alerts;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace FlashSale.Silo.Monitoring;

/// <summary>What operators see: /metrics (OpenTelemetry's Prometheus exporter over our meter,
/// Orleans' and ASP.NET Core's), /readyz, the alerts, the live dashboard and the Orleans Dashboard.
/// Settings: section "Alerts" (<see cref="AlertOptions"/>) and "Monitoring:OrleansDashboard".</summary>
internal static class MonitoringSetup
{
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>Meters exported by /metrics besides ours.</summary>
    public static readonly string[] ForeignMeters =
    [
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    /// <summary>Off unless asked for (<c>--orleans-dashboard true</c>). Its grain-call filter, its
    /// per-second collectors and its own metrics listener run whether or not anyone looks: with
    /// 200,000 activations an idle silo spent 188 ms of CPU a second with it and 72 without; a hot
    /// drop sold 5,920 grabs/s with it and 13,639 without while 100,000 shoppers were arriving, and
    /// at half load, with all of them active, cost 197 against 163 µs of silo CPU a grab
    /// (bench/silo-process.sh, 2026-12-04; README, Performance). An operator turns it on to look
    /// inside, not for a festival night.</summary>
    public static bool OrleansDashboardEnabled(IConfiguration configuration) =>
        configuration.GetValue("Monitoring:OrleansDashboard", false);

    public static void AddFlashSaleMonitoring(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AlertOptions>().Bind(builder.Configuration.GetSection("Alerts"));
        services.AddSingleton<LiveStats>();
        services.AddSingleton<AlertBoard>();
        services.AddSingleton<FlashSaleMetrics>();
        services.AddSingleton<MetricsInterceptor>();
        services.AddSingleton<OpsMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsMonitor>());
        services.AddSingleton<OperatorAccess>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([FlashSaleMetrics.MeterName, .. ForeignMeters])
            // No scrape cache (the exporter's default keeps a scrape's text for 300 ms): what an
            // operator curls right after a grab shows it; a scrape costs far less than a grab.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    public static void MapFlashSaleMonitoring(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/readyz", ReadyEndpoint.Handle);
        app.MapDashboard();
        if (OrleansDashboardEnabled(app.Configuration))
        {
            OperatorAccess.RequireOperator(app.MapOrleansDashboard(OrleansDashboardPath));
        }
        else
        {
            // The live dashboard links here: say how to turn it on rather than answer a bare 404.
            OperatorAccess.RequireOperator(app.MapGet(OrleansDashboardPath + "/{**rest}", () => Results.Text(
                "The Orleans Dashboard is off on this silo. Start it with --orleans-dashboard true "
                + "(FLASHSALE_ORLEANS_DASHBOARD=true); it costs CPU on every grain call.\n",
                statusCode: StatusCodes.Status404NotFound)));
        }
    }

    /// <summary>Inside UseOrleans: the Orleans Dashboard's grain service and profiler (every grain
    /// call passes its filter, hence the switch). Its log-streaming page stays off: logs are for the
    /// log pipeline, not for a browser tab.</summary>
    public static void AddFlashSaleOrleansDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (OrleansDashboardEnabled(configuration))
        {
            silo.AddDashboard(options => options.HideTrace = true);
        }
    }
}
