using System.Collections.Concurrent;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Crash;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Grpc.Core;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Cluster;

/// <summary>A rolling restart (SIGTERM, wait for the exit, start again, next) of all three silos while
/// a drop sells through all of them.</summary>
[Collection(CrashCollection.Name)]
public sealed class ClusterRollingRestartTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const int Quantity = 6_000;
    private const int Workers = 4;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task RollingRestart_OfAllThreeSilosDuringADrop_FailsNoCallButUnavailableAndTheDropSellsExactly()
    {
        // Arrange
        await using var cluster = await SiloCluster.StartAsync(postgres.Server.CreateUniqueDatabase(), 3);
        var channels = Enumerable.Range(0, cluster.Size).Select(cluster.CreateChannel).ToArray();
        try
        {
            var admins = channels.Select(c => new AdminClient(c)).ToArray();
            var dropId = await CrashDrive.OpenDropAsync(admins[0], Quantity, paymentWindowSeconds: 600);
            var grabs = new ClusterGrabs([.. channels.Select(c => new ShopClient(c))], TimeSpan.FromSeconds(20), new HashSet<StatusCode> { StatusCode.Unavailable });
            var outcomes = new ConcurrentBag<ClusterGrab>();
            using var stop = new CancellationTokenSource();
            var userNumber = 0;
            var load = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref userNumber);
                    outcomes.Add(await grabs.GrabAsync(dropId, $"rolling-{n}", n % 3, stop.Token));
                    await Task.Delay(50, CancellationToken.None);
                }
            })));

            for (var wait = 0; wait < 300 && outcomes.Count(o => o.IsOk) < 30; wait++)
            {
                await Task.Delay(100);
            }

            // Act: restart silo 1, 2, 3 in turn, each back in the cluster before the next goes.
            for (var i = 0; i < cluster.Size; i++)
            {
                var soldBefore = outcomes.Count(o => o.IsOk);
                var stopping = cluster[i];
                var exitCode = await cluster.TerminateAsync(i, ExitTimeout);
                Assert.True(exitCode == 0, $"silo {i} exited with {exitCode}\n{cluster.Output()}");

                // Health went NOT_SERVING before anything else stopped; Orleans left the cluster last.
                var log = stopping.Output;
                var draining = log.IndexOf("Draining: health is NOT_SERVING", StringComparison.Ordinal);
                var left = log.IndexOf("Left cluster", StringComparison.Ordinal);
                Assert.True(draining >= 0 && left > draining, $"silo {i} did not drain, then leave:\n{log}");
                var rows = await cluster.MembershipAsync();
                var own = rows.Where(r => r.Port == cluster.SiloPort(i)).ToList();
                output.WriteLine($"silo {i} stopped ({soldBefore} OK grabs so far); its rows: {string.Join(", ", own)}");
                Assert.NotEmpty(own);
                Assert.All(own, r => Assert.Equal(MembershipRow.Dead, r.Status));

                await cluster.StartSiloAsync(i);
                await cluster.WaitForActiveAsync(3, TimeSpan.FromSeconds(60));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await load.WithTimeout(TimeSpan.FromSeconds(60));

            // Assert: nothing failed but UNAVAILABLE, which the client retried with the same key.
            var ok = outcomes.Where(o => o.IsOk).ToList();
            output.WriteLine($"grabs: {outcomes.Count}, {ok.Count} OK; failed attempts: {grabs.DescribeFailures()}");
            var otherFailures = grabs.Failures.Where(status => status != StatusCode.Unavailable).ToList();
            Assert.True(otherFailures.Count == 0, $"failed attempts other than UNAVAILABLE: {grabs.DescribeFailures()}\n{grabs.DescribeOtherFailures()}\n{cluster.Problems()}");
            var refused = outcomes.Where(o => o.Reply is { Result: not ResultCode.Ok }).ToList();
            Assert.True(refused.Count == 0, "grabs answered other than OK: " + string.Join(", ", refused.Select(o => $"{o.UserId} {o.Reply!.Result} after [{string.Join(",", o.FailedAttempts)}]")) + "\n" + cluster.Problems());
            var gaveUp = outcomes.Where(o => o.Reply is null).Select(o => o.UserId).ToHashSet();
            Assert.True(gaveUp.Count <= Workers, $"{gaveUp.Count} grabs got no answer (only those cut short by the end of the load may)");

            // Assert: every acknowledged grab is an order; any other order belongs to a grab cut short.
            // (Read over a fresh connection: the load's channels may still be backing off from a
            // connection the restart refused.)
            using var auditChannel = cluster.CreateChannel(1);
            var audit = new AdminClient(auditChannel);
            var orders = await audit.ListAllDropOrdersAsync(dropId).ToListAsync().AsTask().WithTimeout();
            var acked = ok.Select(o => o.Reply!.Order.OrderId).ToHashSet();
            Assert.True(acked.IsSubsetOf(orders.Select(o => o.OrderId)), "an acknowledged order was lost in the restarts");
            Assert.All(orders.Where(o => !acked.Contains(o.OrderId)), o => Assert.Contains(o.UserId, gaveUp));
            var status = await CrashDrive.StatusAsync(audit, dropId);
            Assert.Equal(orders.Count, status.Sold + status.Reserved);

            // Act + assert: the rest sells exactly, then SOLD_OUT.
            var rest = status.Remaining;
            using var gate = new SemaphoreSlim(50);
            var finalWave = await Task.WhenAll(Enumerable.Range(0, rest + 20).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    return await grabs.GrabAsync(dropId, $"final-{i}", i % 3);
                }
                finally
                {
                    gate.Release();
                }
            })).WithTimeout(TimeSpan.FromSeconds(120));
            Assert.Equal(rest, finalWave.Count(o => o.IsOk));
            Assert.Equal(20, finalWave.Count(o => o.Reply?.Result == ResultCode.SoldOut));
            var final = await CrashDrive.StatusAsync(audit, dropId);
            Assert.Equal((0, Quantity, 0), (final.Sold, final.Reserved, final.Remaining));
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
