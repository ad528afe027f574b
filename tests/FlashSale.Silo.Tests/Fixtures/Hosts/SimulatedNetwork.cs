using System.Globalization;
using System.Net;

namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>
/// A private network of simulated hosts on this machine: a bridge in the root namespace holding the
/// gateway address <c>10.213.N.1/24</c> (N picked among the /24s no interface here uses), and per
/// host a network namespace joined to the bridge by a veth pair, with address <c>10.213.N.(10+i)</c>
/// and, when the kernel has netem, a 0.5 ms delay on both ends. Servers in the root namespace
/// (PostgreSQL, the test's clients) reach the hosts through the gateway address. Names carry a
/// per-run id; <see cref="Dispose"/> deletes the namespaces, veths and bridge.
/// </summary>
internal sealed class SimulatedNetwork : IDisposable
{
    private const string Ip = "ip";
    private readonly List<NetworkHost> _hosts = [];
    private int _disposed;

    private SimulatedNetwork(string runId, string subnet)
    {
        RunId = runId;
        Subnet = subnet;
        Bridge = "fsbr" + runId;
        Gateway = IPAddress.Parse(subnet + ".1");
    }

    /// <summary>Four hex digits that name everything this network created.</summary>
    public string RunId { get; }

    /// <summary>The first three octets, e.g. "10.213.57".</summary>
    public string Subnet { get; }

    public string Cidr => Subnet + ".0/24";

    public string Bridge { get; }

    /// <summary>The root namespace's address on the bridge.</summary>
    public IPAddress Gateway { get; }

    /// <summary>Whether links carry the 0.5 ms netem delay (the kernel may lack the netem qdisc).</summary>
    public bool HasDelay { get; private set; }

    public IReadOnlyList<NetworkHost> Hosts => _hosts;

    public static SimulatedNetwork Create()
    {
        SimulatedHostRequirements.Ensure();
        var runId = Guid.NewGuid().ToString("N")[..4];
        var network = new SimulatedNetwork(runId, FreeSubnet());
        try
        {
            HostCommand.Run(Ip, "link", "add", network.Bridge, "type", "bridge");
            HostCommand.Run(Ip, "addr", "add", network.Gateway + "/24", "dev", network.Bridge);
            HostCommand.Run(Ip, "link", "set", network.Bridge, "up");
            network.HasDelay = NetemWorks(runId);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>A new namespace on the bridge; the i-th host gets address .(10+i).</summary>
    public NetworkHost AddHost(string name)
    {
        var index = _hosts.Count;
        var host = new NetworkHost(
            $"flashsale-{RunId}-{name}",
            $"fsh{RunId}{index.ToString(CultureInfo.InvariantCulture)}",
            IPAddress.Parse($"{Subnet}.{(10 + index).ToString(CultureInfo.InvariantCulture)}"));
        _hosts.Add(host);
        HostCommand.Run(Ip, "netns", "add", host.Namespace);
        HostCommand.Run(Ip, "link", "add", host.Veth, "type", "veth", "peer", "name", host.Veth + "p");
        HostCommand.Run(Ip, "link", "set", host.Veth + "p", "netns", host.Namespace);
        HostCommand.Run(Ip, "link", "set", host.Veth, "master", Bridge);
        HostCommand.Run(Ip, "link", "set", host.Veth, "up");
        HostCommand.Run(Ip, "-n", host.Namespace, "link", "set", "lo", "up");
        HostCommand.Run(Ip, "-n", host.Namespace, "link", "set", host.Veth + "p", "name", "eth0");
        HostCommand.Run(Ip, "-n", host.Namespace, "addr", "add", host.Address + "/24", "dev", "eth0");
        HostCommand.Run(Ip, "-n", host.Namespace, "link", "set", "eth0", "up");
        if (HasDelay)
        {
            HostCommand.Run("tc", "qdisc", "add", "dev", host.Veth, "root", "netem", "delay", "0.5ms");
            HostCommand.Run(Ip, "netns", "exec", host.Namespace, "tc", "qdisc", "add", "dev", "eth0", "root", "netem", "delay", "0.5ms");
        }

        return host;
    }

    /// <summary>Takes the host's link down: it reaches nothing (not the other hosts, not the
    /// database) and nothing reaches it, while its processes keep running.</summary>
    public static void Cut(NetworkHost host) => HostCommand.Run(Ip, "link", "set", host.Veth, "down");

    public static void Heal(NetworkHost host) => HostCommand.Run(Ip, "link", "set", host.Veth, "up");

    /// <summary>Cuts <paramref name="host"/> off from <paramref name="others"/> only (blackhole routes
    /// both ways): it still reaches the gateway (database, clients) and they still reach it.</summary>
    public static void Isolate(NetworkHost host, IEnumerable<NetworkHost> others)
    {
        foreach (var other in others)
        {
            HostCommand.Run(Ip, "-n", host.Namespace, "route", "add", "blackhole", other.Address + "/32");
            HostCommand.Run(Ip, "-n", other.Namespace, "route", "add", "blackhole", host.Address + "/32");
        }
    }

    /// <summary>Removes the routes <see cref="Isolate"/> added.</summary>
    public static void Rejoin(NetworkHost host, IEnumerable<NetworkHost> others)
    {
        foreach (var other in others)
        {
            HostCommand.TryRun(Ip, "-n", host.Namespace, "route", "del", "blackhole", other.Address + "/32");
            HostCommand.TryRun(Ip, "-n", other.Namespace, "route", "del", "blackhole", host.Address + "/32");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var host in _hosts)
        {
            // Deleting the namespace deletes the veth end inside it, and with it the pair.
            HostCommand.TryRun(Ip, "netns", "del", host.Namespace);
            HostCommand.TryRun(Ip, "link", "del", host.Veth);
        }

        HostCommand.TryRun(Ip, "link", "del", Bridge);
    }

    private static string FreeSubnet()
    {
        var used = HostCommand.Run(Ip, "-o", "-4", "addr", "show");
        foreach (var n in Enumerable.Range(1, 254).OrderBy(_ => Random.Shared.Next()))
        {
            var subnet = "10.213." + n.ToString(CultureInfo.InvariantCulture);
            if (!used.Contains(" " + subnet + ".", StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("every 10.213.N.0/24 is in use on this machine");
    }

    private static bool NetemWorks(string runId)
    {
        var probe = "fsnt" + runId;
        if (HostCommand.TryRun(Ip, "link", "add", probe, "type", "veth", "peer", "name", "fsnu" + runId).ExitCode != 0)
        {
            return false;
        }

        try
        {
            return HostCommand.TryRun("tc", "qdisc", "add", "dev", probe, "root", "netem", "delay", "0.5ms").ExitCode == 0;
        }
        finally
        {
            HostCommand.TryRun(Ip, "link", "del", probe);
        }
    }
}
