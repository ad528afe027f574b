using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace FlashSale.Silo.Hosting;

/// <summary>Tells the operator, in the silo's own log, when the silo has joined its PostgreSQL
/// cluster (how many silos are active) and, at the very end of a graceful shutdown, that it left:
/// Orleans logs both only at Information, which is off by default.</summary>
internal sealed class ClusterLifecycleLog(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IOptions<ClusterOptions> cluster,
    IOptions<EndpointOptions> endpoints,
    ILogger<ClusterLifecycleLog> log) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(ClusterLifecycleLog), ServiceLifecycleStage.Active, OnActive, _ => Task.CompletedTask);

        // Stopping runs the stages in reverse: this one's stop comes after membership marked the silo Dead.
        lifecycle.Subscribe(nameof(ClusterLifecycleLog), ServiceLifecycleStage.First, _ => Task.CompletedTask, OnStopped);
    }

    private Task OnActive(CancellationToken cancellationToken)
    {
        var active = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var listening = endpoints.Value.SiloListeningEndpoint?.Address.ToString() ?? local.SiloAddress.Endpoint.Address.ToString();
        SiloLog.JoinedCluster(log, cluster.Value.ClusterId, local.SiloAddress.ToString(), listening, endpoints.Value.GatewayPort, active);
        return Task.CompletedTask;
    }

    private Task OnStopped(CancellationToken cancellationToken)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        SiloLog.LeftCluster(log, cluster.Value.ClusterId, status.ToString());
        return Task.CompletedTask;
    }
}
