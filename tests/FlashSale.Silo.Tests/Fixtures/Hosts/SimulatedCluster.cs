using FlashSale.Testing.Servers;

namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>
/// Silos as separate hosts on one machine: a <see cref="SimulatedNetwork"/> with one namespace per
/// silo, a throwaway PostgreSQL in the root namespace listening on the network's gateway address,
/// and per silo a <see cref="CpuGroup"/> (capped at <c>cpuShare</c> cores, or uncapped at 0).
/// Silos start on demand (<see cref="StartSiloAsync"/>), all in one Orleans cluster on that
/// database. Dispose kills the silos, then removes groups, namespaces, bridge and database.
/// </summary>
internal sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly List<HostedSiloProcess> _silos = [];
    private readonly List<CpuGroup> _groups = [];
    private readonly TempDirectory _data = new("flashsale-hosts");
    private readonly double _cpuShare;
    private SimulatedNetwork? _network;
    private PostgresServer? _postgres;

    private SimulatedCluster(double cpuShare)
    {
        _cpuShare = cpuShare;
        ClusterId = "hosts-" + Guid.NewGuid().ToString("N")[..8];
    }

    public string ClusterId { get; }

    public string AdminToken { get; } = "hosts-" + Guid.NewGuid().ToString("N");

    public SimulatedNetwork Network => _network ?? throw new InvalidOperationException("not started");

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("not started");

    /// <summary>The database as the silos reach it (through the gateway address).</summary>
    public string SiloConnectionString => Postgres.ConnectionStringAt(Network.Gateway);

    /// <summary>The database as the test reaches it (loopback).</summary>
    public string TestConnectionString => Postgres.ConnectionString;

    public IReadOnlyList<HostedSiloProcess> Silos => _silos;

    /// <summary>Creates the network with <paramref name="hosts"/> namespaces and the database;
    /// starts no silo yet. Fails with a clear message when not root.</summary>
    public static SimulatedCluster Create(int hosts, double cpuShare = 0)
    {
        SimulatedHostRequirements.Ensure();
        var cluster = new SimulatedCluster(cpuShare);
        try
        {
            cluster._network = SimulatedNetwork.Create();
            for (var i = 0; i < hosts; i++)
            {
                cluster._network.AddHost("silo" + i);
            }

            cluster._postgres = PostgresServer.StartNew();
            cluster._postgres.ListenAlsoOn(cluster._network.Gateway, cluster._network.Cidr);
            return cluster;
        }
        catch
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Starts the silo of host <paramref name="index"/> and waits until it is healthy.</summary>
    public async Task<HostedSiloProcess> StartSiloAsync(int index, IReadOnlyList<string>? extraArgs = null)
    {
        var host = Network.Hosts[index];
        var group = CpuGroup.Create($"flashsale-{Network.RunId}-silo{index}-{_groups.Count}", _cpuShare);
        _groups.Add(group);
        var data = Path.Combine(_data.Path, "silo" + index + "-" + _silos.Count);
        Directory.CreateDirectory(data);
        var silo = HostedSiloProcess.Start("silo" + index, host, group, SiloConnectionString, ClusterId, data, AdminToken, extraArgs);
        _silos.Add(silo);
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        foreach (var group in _groups)
        {
            group.Dispose();
        }

        _network?.Dispose();
        _postgres?.Dispose();
        _data.Dispose();
    }
}
