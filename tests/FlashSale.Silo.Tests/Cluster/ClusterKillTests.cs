using System.Collections.Concurrent;
using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Crash;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Grpc.Core;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Cluster;

/// <summary>kill -9 of one silo of three while shoppers grab through all three.</summary>
[Collection(CrashCollection.Name)]
public sealed class ClusterKillTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const int Drops = 6;
    private const int Quantity = 2_000;
    private const int Workers = 12;
    private const int Victim = 1;
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan LoadAfterKill = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KillDashNine_OneOfThreeUnderLoad_KeepsEveryAckNoOversellLimitsHoldAndItsGrainsServeFromSurvivorsWithin10s()
    {
        // Arrange: drops scheduled through each silo in turn, so some of them live on the victim.
        await using var cluster = await SiloCluster.StartAsync(postgres.Server.CreateUniqueDatabase(), 3);
        var channels = Enumerable.Range(0, cluster.Size).Select(cluster.CreateChannel).ToArray();
        try
        {
            var admins = channels.Select(c => new AdminClient(c)).ToArray();
            var dropIds = new List<string>();
            for (var i = 0; i < Drops; i++)
            {
                dropIds.Add(await CrashDrive.OpenDropAsync(admins[i % admins.Length], Quantity, paymentWindowSeconds: 600));
            }

            // Act: each worker takes fresh users; each user grabs one drop twice (two keys) through
            // different silos; the victim is killed 2.5 s in, the load goes on for 10 s more.
            var grabs = new ClusterGrabs(
                [.. channels.Select(c => new ShopClient(c))], TimeSpan.FromSeconds(15),
                new HashSet<StatusCode> { StatusCode.Unavailable, StatusCode.DeadlineExceeded });
            var outcomes = new ConcurrentBag<(string DropId, ClusterGrab Grab)>();
            using var stop = new CancellationTokenSource();
            var userNumber = 0;
            var load = Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref userNumber);
                    var dropId = dropIds[n % Drops];
                    var user = $"kill-{n}";
                    outcomes.Add((dropId, await grabs.GrabAsync(dropId, user, n % 3, stop.Token)));
                    outcomes.Add((dropId, await grabs.GrabAsync(dropId, user, (n + 1) % 3, stop.Token)));
                }
            })));

            await Task.Delay(KillAfter);
            var beforeKill = outcomes.Count(o => o.Grab.IsOk);
            cluster.Kill(Victim);
            var sinceKill = Stopwatch.StartNew();
            var survivors = new[] { admins[0], admins[2] };
            var recoveries = await new FailoverProbe(survivors, dropIds).RunAsync(sinceKill, LoadAfterKill);
            await stop.CancelAsync();
            await load.WithTimeout(TimeSpan.FromSeconds(60));

            // Assert: the victim's grains serve again from the survivors within 10 s of the kill.
            var affected = recoveries.Where(r => r.WasOnDeadSilo).ToList();
            foreach (var r in recoveries)
            {
                output.WriteLine($"{r.DropId}: {r.FailedProbes} failed probes, last at {r.LastFailure?.TotalSeconds:F1} s, serving again at {r.FirstSuccessAfterLastFailure?.TotalSeconds:F1} s");
            }

            Assert.True(affected.Count > 0, $"no drop lived on the killed silo: nothing was failed over\n{cluster.Output()}");
            Assert.All(affected, r => Assert.True(r.FirstSuccessAfterLastFailure is not null, $"{r.DropId} never served again after the kill\n{cluster.Output()}"));
            var failover = affected.Max(r => r.FirstSuccessAfterLastFailure!.Value);
            output.WriteLine($"FAILOVER: the dead silo's drops served again through the survivors {failover.TotalSeconds:F1} s after kill -9 ({affected.Count} of {Drops} drops had lived on it)");
            Assert.True(failover <= FailoverLimit, $"failover took {failover.TotalSeconds:F1} s\n{cluster.Output()}");

            // Assert: every acknowledged order is stored, nothing oversold, the per-user limit held.
            var ok = outcomes.Where(o => o.Grab.IsOk).ToList();
            output.WriteLine($"grabs: {outcomes.Count} ({beforeKill} OK before the kill, {ok.Count} OK in all); failed attempts: {grabs.DescribeFailures()}");
            var unanswered = outcomes.Where(o => o.Grab.Reply is null && !o.Grab.FailedAttempts.All(s => s is StatusCode.Unavailable or StatusCode.DeadlineExceeded)).ToList();
            Assert.True(unanswered.Count == 0, $"grabs failed with other statuses: {string.Join(", ", unanswered.SelectMany(u => u.Grab.FailedAttempts).Distinct())}");
            Assert.True(ok.Count > beforeKill, "nothing sold after the kill");
            foreach (var dropId in dropIds)
            {
                var orders = await admins[0].ListAllDropOrdersAsync(dropId).ToListAsync().AsTask().WithTimeout();
                var held = orders.Where(o => o.State is OrderState.PendingPayment or OrderState.Paid).ToList();
                var stored = held.Select(o => o.OrderId).ToHashSet();
                var acked = ok.Where(o => o.DropId == dropId).Select(o => o.Grab.Reply!.Order.OrderId).ToList();
                Assert.All(acked, id => Assert.True(stored.Contains(id), $"acknowledged order {id} of {dropId} was lost"));
                Assert.True(held.Count <= Quantity, $"{dropId} oversold: {held.Count} units held of {Quantity}");
                Assert.All(held.GroupBy(o => o.UserId), g => Assert.True(g.Count() <= 1, $"{g.Key} holds {g.Count()} orders of {dropId} (limit 1)"));
                var status = await CrashDrive.StatusAsync(admins[0], dropId);
                Assert.Equal(held.Count, status.Sold + status.Reserved);
                Assert.Equal(Quantity - held.Count, status.Remaining);
            }
        }
        catch (Exception failure) when (failure is not Xunit.Sdk.XunitException)
        {
            output.WriteLine(cluster.Output());
            throw;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }
}
