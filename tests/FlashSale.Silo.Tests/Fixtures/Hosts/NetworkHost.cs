using System.Net;

namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>One simulated host: its namespace, the root-side end of its veth pair, its address.</summary>
internal sealed record NetworkHost(string Namespace, string Veth, IPAddress Address);
