using System.Collections.Concurrent;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>kill -9 of a silo process while shoppers claim red envelopes and return orders, run
/// against each storage by a subclass: every acknowledged claim and return is still there after the
/// restart, the wallets hold exactly what the rain says was claimed, and the rain goes on.</summary>
public abstract class AfterSalesCrashScenario(ITestOutputHelper output)
{
    private const long Total = 123_456;
    private const int Count = 400;
    private const int Claimers = 600;
    private const int Returners = 30;
    private const int KillAfterOkClaims = 60;
    private const long Funds = 100_000;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private static readonly FlashSaleCallOptions Call = FlashSaleCallOptions.WithTimeout(CallTimeout);

    private protected abstract IReadOnlyList<string> StorageArgs { get; }

    [Fact]
    public async Task KillDashNine_DuringClaimsAndReturns_KeepsEveryAcknowledgedOneAndTheMoneyAddsUp()
    {
        using var data = new TempDirectory("flashsale-crash-aftersales");
        var token = "crash-" + Guid.NewGuid().ToString("N");
        var rainId = SiloScenario.NewId("rain");
        var claimers = CrashDrive.Users("claim", Claimers);
        var returners = CrashDrive.Users("return", Returners);
        var ackedClaims = new ConcurrentDictionary<string, long>();
        var ackedReturns = new ConcurrentDictionary<string, string>();
        var orders = new Dictionary<string, string>();
        await using (var first = await SiloProcess.StartHealthyAsync(data.Path, token, StorageArgs))
        {
            var channels = Enumerable.Range(0, 4).Select(_ => first.CreateChannel()).ToArray();
            try
            {
                // Arrange: a rain, and paid orders to return.
                var admin = new AdminClient(channels[0]);
                var shops = channels.Select(c => new ShopClient(c)).ToArray();
                var dropId = await CrashDrive.OpenDropAsync(admin, Returners, 600);
                var roomId = (await admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = dropId }).WithTimeout()).RoomId;
                var rain = await admin.StartEnvelopeRainAsync(new StartEnvelopeRainRequest
                {
                    RainId = rainId, RoomId = roomId, TotalAmount = Total, Count = Count, DurationSeconds = 600,
                }).WithTimeout();
                Assert.Equal(ResultCode.Ok, rain.Result);
                foreach (var user in returners)
                {
                    await admin.CreditWalletAsync(new CreditWalletRequest { UserId = user, Amount = Funds, Reason = "crash" }).WithTimeout();
                    var grab = await shops[0].GrabAsync(dropId, user).WithTimeout();
                    Assert.Equal(ResultCode.Ok, (await shops[0].PayAsync(grab.Order.OrderId, user).WithTimeout()).Result);
                    orders[user] = grab.Order.OrderId;
                }

                // Act: claims and returns at once; kill -9 at the 60th OK claim.
                var okClaims = 0;
                using var stop = new CancellationTokenSource();
                using var gate = new SemaphoreSlim(80);
                async Task Send(Func<Task> call)
                {
                    await gate.WaitAsync();
                    try
                    {
                        if (!stop.IsCancellationRequested)
                        {
                            await call();
                        }
                    }
                    catch (RpcException)
                    {
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                async Task Claim(ShopClient shop, string user)
                {
                    var reply = await shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = rainId, UserId = user }, Call);
                    if (reply.Result == ResultCode.Ok)
                    {
                        ackedClaims[user] = reply.Amount;
                        if (Interlocked.Increment(ref okClaims) == KillAfterOkClaims)
                        {
                            stop.Cancel();
                            first.KillHard();
                        }
                    }
                }

                async Task Return(ShopClient shop, string user)
                {
                    var reply = await shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = orders[user], UserId = user }, Call);
                    if (reply.Result == ResultCode.Ok)
                    {
                        ackedReturns[user] = orders[user];
                    }
                }

                // Returns mixed into the claims (one every 10), so some are in flight when the kill lands.
                var calls = new List<Task>();
                for (var i = 0; i < Claimers; i++)
                {
                    var shop = shops[i % shops.Length];
                    var user = claimers[i];
                    calls.Add(Send(() => Claim(shop, user)));
                    if (i % 10 == 0 && i / 10 < Returners)
                    {
                        var returner = returners[i / 10];
                        calls.Add(Send(() => Return(shop, returner)));
                    }
                }

                await Task.WhenAll(calls).WithTimeout(CallTimeout * 3);
                first.KillHard();
                output.WriteLine($"before the kill: {ackedClaims.Count} claims and {ackedReturns.Count} returns acknowledged");
                Assert.True(ackedClaims.Count >= KillAfterOkClaims, first.Output);
            }
            finally
            {
                foreach (var channel in channels)
                {
                    channel.Dispose();
                }
            }
        }

        await using var second = await SiloProcess.StartHealthyAsync(data.Path, token, StorageArgs);
        using var channel2 = second.CreateChannel(RetryOptions.Default with { MaxAttempts = 10 });
        var admin2 = new AdminClient(channel2);
        var shop2 = new ShopClient(channel2);

        // Assert: every acknowledged claim is in its wallet and counted by the rain.
        var status = await admin2.GetEnvelopeRainStatusAsync(new GetEnvelopeRainStatusRequest { RainId = rainId }, Call).WithTimeout();
        Assert.True(status.Claimed >= ackedClaims.Count && status.ClaimedAmount <= Total, $"claimed {status.Claimed} ({status.ClaimedAmount}) with {ackedClaims.Count} acknowledged");
        foreach (var (user, amount) in ackedClaims)
        {
            var again = await shop2.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = rainId, UserId = user }, Call).WithTimeout();
            Assert.Equal((ResultCode.AlreadyClaimed, amount), (again.Result, again.Amount));
            Assert.Equal(amount, (await shop2.GetMyWalletAsync(new GetMyWalletRequest { UserId = user }, Call).WithTimeout()).Balance);
        }

        // Assert: every acknowledged return is Returned and refunded; no return refunds twice.
        foreach (var user in returners)
        {
            var wallet = await shop2.GetMyWalletAsync(new GetMyWalletRequest { UserId = user }, Call).WithTimeout();
            var mine = await shop2.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = user }, Call).WithTimeout();
            var state = Assert.Single(mine.Orders).State;
            if (ackedReturns.ContainsKey(user))
            {
                Assert.Equal(OrderState.Returned, state);
            }

            Assert.Equal(state == OrderState.Returned ? Funds : Funds - SiloScenario.UnitPrice, wallet.Balance);
        }

        // Act + assert: the rain goes on after the restart until its envelopes are gone, and the
        // wallets of everyone who claimed hold exactly the total.
        var wave2 = CrashDrive.Users("claim2", Count);
        foreach (var chunk in wave2.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(u => shop2.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = rainId, UserId = u }, Call))).WithTimeout(CallTimeout * 2);
        }

        var final = await admin2.GetEnvelopeRainStatusAsync(new GetEnvelopeRainStatusRequest { RainId = rainId }, Call).WithTimeout();
        Assert.Equal((Count, Total), (final.Claimed, final.ClaimedAmount));
        long credited = 0;
        foreach (var chunk in claimers.Concat(wave2).Chunk(50))
        {
            var wallets = await Task.WhenAll(chunk.Select(u => shop2.GetMyWalletAsync(new GetMyWalletRequest { UserId = u }, Call))).WithTimeout(CallTimeout * 2);
            credited += wallets.Sum(w => w.Balance);
            Assert.All(wallets, w => Assert.True(w.Entries.Count(e => e.Reference == "rain:" + rainId) <= 1));
        }

        Assert.Equal(Total, credited);
    }
}

/// <summary>The after-sales kill -9 on the embedded SQLite file.</summary>
[Collection(CrashCollection.Name)]
public sealed class SqliteAfterSalesCrashTests(ITestOutputHelper output) : AfterSalesCrashScenario(output)
{
    private protected override IReadOnlyList<string> StorageArgs => ["--storage", "sqlite"];
}

/// <summary>The after-sales kill -9 on a throwaway PostgreSQL database.</summary>
[Collection(CrashCollection.Name)]
public sealed class PostgresAfterSalesCrashTests(FlashSale.Testing.Servers.PostgresServerFixture postgres, ITestOutputHelper output)
    : AfterSalesCrashScenario(output), IClassFixture<FlashSale.Testing.Servers.PostgresServerFixture>
{
    private readonly string _connectionString = postgres.Server.CreateUniqueDatabase();

    private protected override IReadOnlyList<string> StorageArgs => ["--storage", "postgres", "--postgres", _connectionString];
}
