using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Grpc.Core;

namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>PostgreSQL taken away under a running silo: callers get UNAVAILABLE quickly (the
/// circuit opens instead of calls piling up), health says so, and when the database returns the
/// silo sells again without a restart and has lost no acknowledged order.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PostgresOutageSiloTests : IDisposable
{
    private readonly PostgresServer _postgres = PostgresServer.StartNew();

    [Fact]
    public async Task Grab_WhilePostgresIsDown_FailsUnavailableAndRecoversWithoutRestartLosingNothing()
    {
        // Arrange
        var connection = _postgres.ConnectionStringFor(_postgres.CreateUniqueDatabase());
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Storage = "postgres",
            ExtraArgs = ["--postgres", connection, "--Storage:Resilience:BreakDuration=00:00:01"],
        });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 100);
        var acknowledged = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var reply = await silo.Shop.GrabAsync(dropId, $"before-{i}").WithTimeout();
            Assert.Equal(ResultCode.Ok, reply.Result);
            acknowledged.Add(reply.Order.OrderId);
        }

        // Act: the database goes away mid-drop.
        _postgres.Stop();
        var failures = new List<StatusCode>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 15; i++)
        {
            try
            {
                var reply = await silo.Shop.GrabAsync(dropId, $"during-{i}").WithTimeout();
                Assert.Fail($"grab acknowledged while storage was down: {reply.Result}");
            }
            catch (RpcException error)
            {
                failures.Add(error.StatusCode);
            }
        }

        watch.Stop();
        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        var healthWhileDown = await http.GetStringAsync("/healthz").WithTimeout();

        _postgres.Start();
        GrabReply? after = null;
        for (var attempt = 0; attempt < 50 && after is null; attempt++)
        {
            try
            {
                after = await silo.Shop.GrabAsync(dropId, "after-restart").WithTimeout();
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable)
            {
                await Task.Delay(200);
            }
        }

        // Assert
        Assert.All(failures, code => Assert.Equal(StatusCode.Unavailable, code));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"15 failing calls took {watch.Elapsed}: they piled up instead of failing fast");
        Assert.Contains("storage: unavailable", healthWhileDown, StringComparison.Ordinal);
        Assert.NotNull(after);
        Assert.Equal(ResultCode.Ok, after.Result);
        var stored = await silo.Admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout();
        var storedIds = stored.Orders.Select(o => o.OrderId).ToHashSet();
        Assert.All(acknowledged, id => Assert.Contains(id, storedIds));
        Assert.Contains(after.Order.OrderId, storedIds);
        var status = await silo.DropStatusAsync(dropId).WithTimeout();
        Assert.Equal(stored.Orders.Sum(o => o.Quantity), status.Sold + status.Reserved);
    }

    public void Dispose() => _postgres.Dispose();
}
