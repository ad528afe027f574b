using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace FlashSale.Silo.Hosting;

/// <summary>--demo: a live room with a fresh drop opening shortly, a coupon pool and funded
/// wallets for alice and bob, so a newcomer sees a countdown, a grab and a payment in a minute.</summary>
internal sealed class DemoSeeder(IGrainFactory grains, IOptions<SiloOptions> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<DemoSeeder> log) : IHostedService
{
    public const string RoomId = "demo-room";
    public const string PoolId = "demo-coupons";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = SeedAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var room = grains.GetGrain<ILiveRoomGrain>(RoomId);
            await room.Create(new CreateRoomRequest { RoomId = RoomId, Title = "FlashSale demo live room" }, cancellationToken);
            await grains.GetGrain<IRoomDirectoryGrain>(RoomDirectoryGrainMethods.Key).Register(new RoomRef { RoomId = RoomId }, cancellationToken);
            await room.Start(new Empty(), cancellationToken);

            // A new drop per start, so every run shows a countdown.
            var dropId = $"demo-drop-{now:yyyyMMdd-HHmmss}";
            var opensAt = now.AddSeconds(Math.Max(1, options.Value.DemoOpensInSeconds));
            await room.AddDrop(new ScheduleDropRequest
            {
                DropId = dropId,
                RoomId = RoomId,
                Title = "Limited sneakers, size 42",
                UnitPrice = 9_900,
                Quantity = 100,
                PerUserLimit = 2,
                OpensAt = Timestamp.FromDateTimeOffset(opensAt),
                PaymentWindowSeconds = 120,
            }, cancellationToken);

            await grains.GetGrain<ICouponPoolGrain>(PoolId).Create(new CreateCouponPoolRequest
            {
                PoolId = PoolId,
                Kind = CouponKind.ThresholdOff,
                Threshold = 9_900,
                AmountOff = 1_000,
                Total = 50,
            }, cancellationToken);

            foreach (var user in new[] { "alice", "bob" })
            {
                await grains.GetGrain<IWalletGrain>(user).Credit(new CreditWalletRequest
                {
                    UserId = user,
                    Amount = 100_000,
                    IdempotencyKey = $"demo-credit-{user}",
                    Reason = "demo",
                }, cancellationToken);
            }

            SiloLog.DemoSeeded(log, RoomId, dropId, opensAt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SiloLog.DemoFailed(log, ex);
        }
    }
}
