using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace FlashSale.Silo.Hosting;

/// <summary>--demo: a live room, a coupon pool and funded wallets for alice and bob, and drops in a
/// loop so a newcomer who arrives at any time sees a countdown, an opening and a sell-out: the first
/// drop opens <see cref="SiloOptions.DemoOpensInSeconds"/> after start; when a drop sells out or
/// closes, the next one (demo-drop-1, -2, …) opens <see cref="SiloOptions.DemoIntervalSeconds"/>
/// later. A small built-in crowd buys (and pays for) most of each drop at its opening, leaves
/// <see cref="HumanShare"/> units for the human until half of the drop's open time
/// (<see cref="SiloOptions.DemoOpenForSeconds"/>) has passed, then buys the rest, so every drop
/// sells out by itself; a drop the crowd could not finish closes at the end of its open time.</summary>
/// <remarks>Idempotent across restarts on durable storage: every seeding call is idempotent, an
/// unfinished demo drop found in the room is taken up again instead of a new one, numbering goes on
/// from the room's drops, and the crowd's grabs and payments carry idempotency keys.</remarks>
internal sealed class DemoSeeder(IGrainFactory grains, IOptions<SiloOptions> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<DemoSeeder> log) : IHostedService
{
    public const string RoomId = "demo-room";
    public const string PoolId = "demo-coupons";
    public const string DropPrefix = "demo-drop-";
    public const string CrowdPrefix = "demo-shopper-";
    public const int Quantity = 20;
    public const int HumanShare = 4;
    public const long UnitPrice = 9_900;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRushSpacing = TimeSpan.FromMilliseconds(150);
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SiloLog.DemoAuthHint(log);
        lifetime.ApplicationStarted.Register(() => _loop = Task.Run(() => RunAsync(lifetime.ApplicationStopping)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping has fired: the loop ends at its next call or delay.
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var first = true;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (first && !await SeedAsync(stopping))
                {
                    return;
                }

                var drop = await CurrentOrNextDropAsync(first, stopping);
                first = false;
                if (drop is null)
                {
                    return; // the room has ended
                }

                await PlayAsync(drop, stopping);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                SiloLog.DemoFailed(log, ex);
                await Task.Delay(RetryAfter, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return; // calls failing because the silo stops
            }
        }
    }

    /// <summary>The room, directory entry, coupon pool and wallets; false when the room has ended.</summary>
    private async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        var room = grains.Resolve<ILiveRoomGrain>(RoomId);
        await room.Create(new CreateRoomRequest { RoomId = RoomId, Title = "FlashSale demo live room" }, cancellationToken);
        await grains.Resolve<IRoomDirectoryGrain>(RoomDirectory.Key).Register(new RoomRef { RoomId = RoomId }, cancellationToken);
        if ((await room.Start(new Empty(), cancellationToken)).Result == ResultCode.RoomEnded)
        {
            SiloLog.DemoRoomEnded(log, RoomId);
            return false;
        }

        await grains.Resolve<ICouponPoolGrain>(PoolId).Create(new CreateCouponPoolRequest
        {
            PoolId = PoolId,
            Kind = CouponKind.ThresholdOff,
            Threshold = 9_900,
            AmountOff = 1_000,
            Total = 50,
        }, cancellationToken);

        foreach (var user in new[] { "alice", "bob" })
        {
            await grains.Resolve<IWalletGrain>(user).Credit(new CreditWalletRequest
            {
                UserId = user,
                Amount = 100_000,
                IdempotencyKey = $"demo-credit-{user}",
                Reason = "demo",
            }, cancellationToken);
        }

        return true;
    }

    /// <summary>An unfinished demo drop of the room (after a restart), or a new one: the first of this
    /// run opens DemoOpensInSeconds from now, later ones DemoIntervalSeconds from now. Null when the
    /// room has ended.</summary>
    private async Task<DropStatus?> CurrentOrNextDropAsync(bool first, CancellationToken cancellationToken)
    {
        var room = grains.Resolve<ILiveRoomGrain>(RoomId);
        var status = await room.GetStatus(new Empty(), cancellationToken);
        if (status.State == RoomState.Ended)
        {
            SiloLog.DemoRoomEnded(log, RoomId);
            return null;
        }

        var demoDrops = status.Drops.Where(d => d.DropId.StartsWith(DropPrefix, StringComparison.Ordinal)).ToList();
        var unfinished = demoDrops.LastOrDefault(d => !IsFinished(d.State));
        if (unfinished is not null)
        {
            SiloLog.DemoDropScheduled(log, unfinished.DropId, RoomId, unfinished.OpensAt.ToDateTimeOffset());
            return unfinished;
        }

        var demo = options.Value;
        var opensAt = time.GetUtcNow().AddSeconds(Math.Max(1, first ? demo.DemoOpensInSeconds : demo.DemoIntervalSeconds));
        var number = demoDrops.Count + 1;
        for (var attempt = 0; ; attempt++)
        {
            // A drop scheduled but not listed (a crash between the two) holds its id: take the next.
            var dropId = $"{DropPrefix}{number + attempt}";
            var reply = await room.AddDrop(new ScheduleDropRequest
            {
                DropId = dropId,
                RoomId = RoomId,
                Title = "Limited sneakers, size 42",
                UnitPrice = UnitPrice,
                Quantity = Quantity,
                PerUserLimit = 2,
                OpensAt = Timestamp.FromDateTimeOffset(opensAt),
                ClosesAt = Timestamp.FromDateTimeOffset(opensAt.AddSeconds(Math.Max(2, demo.DemoOpenForSeconds))),
                PaymentWindowSeconds = 120,
            }, cancellationToken);
            switch (reply.Result)
            {
                case ResultCode.Ok:
                    SiloLog.DemoDropScheduled(log, dropId, RoomId, opensAt);
                    return reply.Drop;
                case ResultCode.RoomEnded:
                    SiloLog.DemoRoomEnded(log, RoomId);
                    return null;
                case ResultCode.AlreadyExists when attempt < 100:
                    continue;
                default:
                    throw new InvalidOperationException($"scheduling demo drop {dropId} answered {reply.Result}");
            }
        }
    }

    /// <summary>Waits for the opening, lets the crowd buy, and returns once the drop sold out or closed.</summary>
    private async Task PlayAsync(DropStatus drop, CancellationToken cancellationToken)
    {
        var opensAt = drop.OpensAt.ToDateTimeOffset();
        var openFor = drop.ClosesAt is { } closes ? closes.ToDateTimeOffset() - opensAt : TimeSpan.FromSeconds(options.Value.DemoOpenForSeconds);
        // A moment after the opening, so the room's "opened" event shows the full stock first.
        await DelayUntilAsync(opensAt + TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond / 2, openFor.Ticks / 10)), cancellationToken);

        // The rush: most of the stock in the first quarter of the open time (at most 150 ms apart,
        // so `flashsale watch` shows the stock falling), leaving the human's share.
        var rush = Math.Max(0, drop.Quantity - HumanShare);
        var spacing = TimeSpan.FromTicks(Math.Min(MaxRushSpacing.Ticks, openFor.Ticks / 4 / Math.Max(1, rush)));
        var soldOut = false;
        for (var i = 1; i <= rush && !soldOut; i++)
        {
            soldOut = !await CrowdBuysAsync(drop, i, cancellationToken);
            await Task.Delay(spacing, time, cancellationToken).ConfigureAwait(false);
        }

        // The human's turn until half of the open time, then the crowd takes whatever is left.
        await DelayUntilAsync(opensAt + (openFor / 2), cancellationToken);
        for (var i = rush + 1; i <= drop.Quantity && !soldOut; i++)
        {
            soldOut = !await CrowdBuysAsync(drop, i, cancellationToken);
        }

        var dropGrain = grains.Resolve<IDropGrain>(drop.DropId);
        while (true)
        {
            var status = await dropGrain.GetStatus(new Empty(), cancellationToken);
            if (IsFinished(status.State))
            {
                SiloLog.DemoDropFinished(log, drop.DropId, status.State, status.Sold, Math.Max(1, options.Value.DemoIntervalSeconds));
                return;
            }

            await Task.Delay(PollEvery, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Crowd member <paramref name="seat"/> grabs one unit and pays for it; false when
    /// the drop has nothing left to sell (sold out or ended). Idempotent per drop and seat.</summary>
    private async Task<bool> CrowdBuysAsync(DropStatus drop, int seat, CancellationToken cancellationToken)
    {
        var user = $"{CrowdPrefix}{seat:D2}";
        await grains.Resolve<IWalletGrain>(user).Credit(new CreditWalletRequest
        {
            UserId = user,
            Amount = drop.UnitPrice,
            IdempotencyKey = $"demo-credit-{drop.DropId}",
            Reason = "demo crowd",
        }, cancellationToken);
        var grab = await Grabs.GrabAsync(grains, new GrabRequest
        {
            DropId = drop.DropId,
            UserId = user,
            Quantity = 1,
            IdempotencyKey = $"demo-grab-{drop.DropId}",
        }, cancellationToken);
        if (grab.Result is ResultCode.SoldOut or ResultCode.Ended)
        {
            return false;
        }

        if (grab.Result == ResultCode.Ok)
        {
            await grains.Resolve<IShopperGrain>(user).Pay(new PayRequest { OrderId = grab.Order.OrderId, UserId = user }, cancellationToken);
        }

        return true;
    }

    private async Task DelayUntilAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var wait = at - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsFinished(DropState state) => state is DropState.SoldOut or DropState.Closed;
}
