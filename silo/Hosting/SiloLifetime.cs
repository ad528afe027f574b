using FlashSale.Silo.Services.Health;

namespace FlashSale.Silo.Hosting;

/// <summary>Health follows the silo's life: SERVING once started, NOT_SERVING as soon as shutdown
/// begins, so load balancers stop sending new calls while in-flight ones finish.</summary>
internal sealed class SiloLifetime(HealthService health, IHostApplicationLifetime lifetime, ILogger<SiloLifetime> log) : IHostedService
{
    public static readonly string[] Services = ["", "flashsale.v1.Shop", "flashsale.v1.Admin"];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var service in Services)
            {
                health.SetStatus(service, Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
            }
        });
        lifetime.ApplicationStopping.Register(() =>
        {
            SiloLog.Draining(log);
            health.SetAllNotServing();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
