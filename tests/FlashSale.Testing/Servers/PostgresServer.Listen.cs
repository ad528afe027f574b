using System.Globalization;
using System.Net;

namespace FlashSale.Testing.Servers;

/// <summary>Reaching the throwaway server from a simulated host (a network namespace of the test's
/// own, see the silo tests' Fixtures/Hosts): listen on one more local address besides 127.0.0.1 and
/// trust that address's subnet only.</summary>
public sealed partial class PostgresServer
{
    /// <summary>Adds <paramref name="address"/> (an address of this machine, e.g. the root side of a
    /// test bridge) to the listen addresses, trusts clients from <paramref name="cidr"/>, and restarts
    /// the server on the same port.</summary>
    public void ListenAlsoOn(IPAddress address, string cidr)
    {
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"\nlisten_addresses = '127.0.0.1,{address}'\n");
        File.AppendAllText(Path.Combine(DataDirectory, "pg_hba.conf"), $"\nhost all all {cidr} trust\n");
        Stop();
        Start();
    }

    /// <summary>Connection string of <paramref name="database"/> through <paramref name="host"/>
    /// (an address given to <see cref="ListenAlsoOn"/>).</summary>
    public string ConnectionStringAt(IPAddress host, string database = "flashsale") =>
        $"Host={host};Port={Port.ToString(CultureInfo.InvariantCulture)};Username={Superuser};Database={database};Timeout=5;Command Timeout=30";
}
