using System.Net;
using FlashSale.Api.V1;
using FlashSale.Silo.Monitoring;
using FlashSale.Silo.Services.Health;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.Monitoring;

[Collection(EndToEndCollection.Name)]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterGrabs_ParsesAsPrometheusTextAndTheCountersMoved()
    {
        // Arrange: a drop of 60 on SQLite; alerts judge every 100 ms.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { ExtraArgs = ["--Alerts:EvaluateEvery=00:00:00.1"] });
        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        var (_, dropId) = await silo.OpenDropAsync(quantity: 60, perUserLimit: 1);
        var before = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WithTimeout());

        // Act: 15 shoppers grab one each (45 left: below the low-stock threshold of 50); one grabs twice.
        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, $"m-{i}").WithTimeout()).Result);
        }

        Assert.Equal(ResultCode.LimitReached, (await silo.Shop.GrabAsync(dropId, "m-0").WithTimeout()).Result);
        var monitor = silo.Services.GetRequiredService<OpsMonitor>();
        var snapshot = await monitor.SampleAsync(CancellationToken.None).WithTimeout();
        var after = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WithTimeout());

        // Assert: our counters moved by what was done …
        Assert.Equal(15, after.Sum("flashsale_grabs_total", ("result", "ok")) - before.Sum("flashsale_grabs_total", ("result", "ok")));
        Assert.Equal(1, after.Sum("flashsale_grabs_total", ("result", "limit_reached")) - before.Sum("flashsale_grabs_total", ("result", "limit_reached")));
        Assert.Equal(16, after.Sum("flashsale_calls_total", ("method", "/flashsale.v1.Shop/Grab"), ("status", "OK"))
            - before.Sum("flashsale_calls_total", ("method", "/flashsale.v1.Shop/Grab"), ("status", "OK")));
        Assert.True(after.Sum("flashsale_storage_duration_seconds_count", ("outcome", "ok")) >= before.Sum("flashsale_storage_duration_seconds_count", ("outcome", "ok")) + 1);
        Assert.Equal(16, after.Sum("flashsale_call_duration_seconds_count", ("method", "/flashsale.v1.Shop/Grab"))
            - before.Sum("flashsale_call_duration_seconds_count", ("method", "/flashsale.v1.Shop/Grab")));
        // … the gauges show the drop and the alert …
        Assert.Equal(45, after.Sum("flashsale_drop_remaining", ("drop", dropId)));
        Assert.Equal(1, after.Sum("flashsale_alert_active", ("alert", "low_stock")));
        Assert.Equal(0, after.Sum("flashsale_alert_active", ("alert", "refund_rate")));
        Assert.Equal(1, after.Sum("flashsale_cluster_silos"));
        Assert.True(after.Sum("flashsale_cluster_activations") >= 1);
        Assert.Contains(snapshot.Alerts, a => a.Name == "low_stock" && a.Active && a.Detail.Contains(dropId + ": 45 left", StringComparison.Ordinal));
        // … and Orleans' and ASP.NET Core's meters are there.
        Assert.Contains(after, s => s.Name == "orleans_catalog_activations");
        Assert.Contains(after, s => s.Name.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        Assert.Contains(after, s => s.Name.StartsWith("kestrel_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_WhenServing_Is200_AndWhenDraining_Is503()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions());
        using var http = new HttpClient { BaseAddress = silo.HttpAddress };

        // Act
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WithTimeout();
        var readyText = await ready.Content.ReadAsStringAsync();
        silo.Services.GetRequiredService<HealthService>().SetAllNotServing();
        using var draining = await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WithTimeout();
        var drainingText = await draining.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready\ndraining: no\ncluster: joined\nstorage: ok\n", readyText);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, draining.StatusCode);
        Assert.StartsWith("not ready\ndraining: yes\n", drainingText, StringComparison.Ordinal);
    }
}
