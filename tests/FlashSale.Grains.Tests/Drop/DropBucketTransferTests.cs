using FlashSale.Api.V1;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Grains.Tests.Drop;

/// <summary>Stock moving between buckets survives a failure at any step: no unit is lost and none
/// is created (every unit still sells exactly once).</summary>
public sealed class DropBucketTransferTests
{
    [Fact]
    public async Task Transfer_BucketFailsToStoreTheGrant_DeliversItOnceAfterRestart()
    {
        await using var host = await GrainTestHost.StartAsync(stores: TestStores.OutlivingTheSilo());
        await host.ScheduleDropAsync("d1", quantity: 4, configure: r => r.BucketCount = 2);
        var users = DropBucketTests.UsersOfBucket(0, 2, count: 6);
        Assert.Equal(ResultCode.Ok, (await GrabAsync(host, users[0])).Result);
        Assert.Equal(ResultCode.Ok, (await GrabAsync(host, users[1])).Result);

        // Bucket 0 is dry: the next grab moves a unit from bucket 1, and bucket 0's write of the
        // grant fails, so the coordinator keeps it recorded as pending.
        host.Storage.FailWritesOf("d1~0");
        await Assert.ThrowsAnyAsync<Exception>(() => GrabAsync(host, users[2]));
        Assert.Equal(1, (await host.Drop("d1").GetBuckets(new Empty()).WithTimeout()).PendingTransfers);
        await host.DeactivateAsync(host.Drop("d1"));
        await host.DeactivateAsync(host.Bucket("d1", 0));
        await host.DeactivateAsync(host.Bucket("d1", 1));

        var replies = new List<GrabReply>();
        foreach (var user in users[2..])
        {
            replies.Add(await GrabAsync(host, user));
        }

        Assert.Equal([ResultCode.Ok, ResultCode.Ok, ResultCode.SoldOut, ResultCode.SoldOut], replies.Select(r => r.Result));
        await AssertConservedAsync(host, "d1", quantity: 4, buckets: 2);
    }

    [Fact]
    public async Task Transfer_CoordinatorDiesAfterTheDonorGaveUp_CountsTheUnitsOnce()
    {
        await using var host = await GrainTestHost.StartAsync(stores: TestStores.OutlivingTheSilo());
        await host.ScheduleDropAsync("d1", quantity: 4, configure: r => r.BucketCount = 2);
        var users = DropBucketTests.UsersOfBucket(0, 2, count: 6);
        Assert.Equal(ResultCode.Ok, (await GrabAsync(host, users[0])).Result);
        Assert.Equal(ResultCode.Ok, (await GrabAsync(host, users[1])).Result);

        // The coordinator records the surrender (write 1), bucket 1 gives a unit up durably, and
        // the coordinator's next write — the unit into its pool and on to bucket 0 — fails.
        host.Storage.FailWritesOf("d1", skip: 1);
        await Assert.ThrowsAnyAsync<Exception>(() => GrabAsync(host, users[2]));
        var donor = await host.Bucket("d1", 1).GetStatus(new Empty()).WithTimeout();
        Assert.Equal(1, donor.Quantity);
        await host.DeactivateAsync(host.Drop("d1"));

        var replies = new List<GrabReply>();
        foreach (var user in users[2..])
        {
            replies.Add(await GrabAsync(host, user));
        }

        // A surrender counted twice would sell a fifth unit; one never counted would sell only three.
        Assert.Equal([ResultCode.Ok, ResultCode.Ok, ResultCode.SoldOut, ResultCode.SoldOut], replies.Select(r => r.Result));
        await AssertConservedAsync(host, "d1", quantity: 4, buckets: 2);
    }

    [Fact]
    public async Task Grabs_SiloStopsMidDrop_TheRestSellExactlyOnce()
    {
        var stores = TestStores.OutlivingTheSilo();
        await using var host = await GrainTestHost.StartAsync(stores: stores, silos: 3);
        await host.ScheduleDropAsync("d1", quantity: 30, configure: r => r.BucketCount = 6);
        var grains = host.Grains;
        var users = Enumerable.Range(0, 90).Select(i => $"u{i}").ToArray();

        var firstWave = await Task.WhenAll(users[..30].Select(u => GrabWithRetryAsync(grains, u)));
        await host.Cluster.StopSiloAsync(host.Cluster.Silos[^1]).WithTimeout(TimeSpan.FromSeconds(60));
        var secondWave = await Task.WhenAll(users[30..].Select(u => GrabWithRetryAsync(grains, u)));

        var sold = firstWave.Concat(secondWave).Where(r => r.Result == ResultCode.Ok).ToArray();
        Assert.Equal(30, sold.Length);
        Assert.Equal(30, sold.Select(r => r.Order.OrderId).Distinct().Count());
        var rows = stores.Drops.AllOrders();
        Assert.Equal(30, rows.Count(r => r.State == "PendingPayment"));
        var status = await host.StatusAsync("d1");
        Assert.Equal((30, 0, 0), (status.Reserved, status.Remaining, status.Sold));
    }

    private static Task<GrabReply> GrabAsync(GrainTestHost host, string user) =>
        Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = user, Quantity = 1, IdempotencyKey = "k-" + user }, default).WithTimeout();

    // A client retries a failed call with the same idempotency key, as the apps do.
    private static async Task<GrabReply> GrabWithRetryAsync(IGrainFactory grains, string user)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Grabs.GrabAsync(grains, new GrabRequest { DropId = "d1", UserId = user, Quantity = 1, IdempotencyKey = "k-" + user }, default).WithTimeout();
            }
            catch (Exception) when (attempt < 10)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task AssertConservedAsync(GrainTestHost host, string dropId, int quantity, int buckets)
    {
        var info = await host.Drop(dropId).GetBuckets(new Empty()).WithTimeout();
        var held = 0;
        var taken = 0;
        for (var i = 0; i < buckets; i++)
        {
            var bucket = await host.Bucket(dropId, i).GetStatus(new Empty()).WithTimeout();
            held += bucket.Quantity;
            taken += bucket.Sold + bucket.Reserved;
        }

        Assert.Equal(0, info.PendingTransfers);
        Assert.Equal(quantity, held + info.Pool);
        Assert.Equal(quantity, taken);
        var rows = host.Stores.Drops.AllOrders().Where(r => r.State == "PendingPayment").ToArray();
        Assert.Equal(quantity, rows.Sum(r => r.Quantity));
    }
}
