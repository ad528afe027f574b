using System.Diagnostics;
using FlashSale.Client;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Cluster;

/// <summary>What the probe saw of one drop after the kill.</summary>
internal sealed record DropRecovery(string DropId, int FailedProbes, TimeSpan? LastFailure, TimeSpan? FirstSuccessAfterLastFailure)
{
    /// <summary>The drop was unreachable after the kill: it (or its directory entry) lived on the dead silo.</summary>
    public bool WasOnDeadSilo => FailedProbes > 0;
}

/// <summary>Asks each drop for its status through the surviving silos every 100 ms from the kill on,
/// and measures, per drop, how long after the kill it answered again for good.</summary>
internal sealed class FailoverProbe(IReadOnlyList<AdminClient> survivors, IReadOnlyList<string> dropIds)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<List<DropRecovery>> RunAsync(Stopwatch sinceKill, TimeSpan duration)
    {
        var probes = dropIds.Select((dropId, i) => ProbeOneAsync(dropId, survivors[i % survivors.Count], sinceKill, duration));
        return [.. await Task.WhenAll(probes)];
    }

    private static async Task<DropRecovery> ProbeOneAsync(string dropId, AdminClient admin, Stopwatch sinceKill, TimeSpan duration)
    {
        var failed = 0;
        TimeSpan? lastFailure = null;
        TimeSpan? recovered = null;
        while (sinceKill.Elapsed < duration)
        {
            try
            {
                await admin.GetDropStatusAsync(new Api.V1.GetDropStatusRequest { DropId = dropId }, FlashSaleCallOptions.WithTimeout(ProbeTimeout));
                recovered ??= sinceKill.Elapsed;
            }
            catch (RpcException)
            {
                failed++;
                lastFailure = sinceKill.Elapsed;
                recovered = null;
            }

            await Task.Delay(100);
        }

        return new DropRecovery(dropId, failed, lastFailure, lastFailure is null ? null : recovered);
    }
}
