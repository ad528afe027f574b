using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>Shoppers race to claim a limited coupon pool (满减, pool size = --stock); a winner then
/// grabs a unit of a companion drop and pays with the coupon, so redemption is audited too.</summary>
internal sealed class CouponRushScenario(ScenarioContext context) : Scenario(context)
{
    private const int ClaimStep = 0;
    private const int GrabStep = 1;
    private const int PayStep = 2;
    private const int Unclaimed = 0;
    private const int Busy = 1;
    private const int Holding = 2;
    private const int Spent = 3;

    private readonly string _roomId = context.RunId + "-room";
    private readonly string _dropId = context.RunId + "-drop";
    private readonly string _poolId = context.RunId + "-pool";
    private readonly int[] _state = new int[context.Users.Count];
    private readonly string?[] _coupons = new string?[context.Users.Count];

    public override string Name => "coupon-rush";

    public override IReadOnlyList<string> Steps { get; } = ["claim", "grab", "pay"];

    public override AuditPlan AuditPlan => new([_dropId], [_poolId], Setup.CreditPerUser(Context, 1));

    public override async Task SetupAsync(CancellationToken cancellationToken)
    {
        await Setup.LiveRoomAsync(Context, _roomId, cancellationToken);
        await Setup.DropAsync(Context, _roomId, _dropId, Math.Max(Context.Options.Stock, Context.Users.Count), DateTimeOffset.UtcNow.AddSeconds(-1), cancellationToken);
        var pool = await Context.Admin.CreateCouponPoolAsync(
            new CreateCouponPoolRequest { PoolId = _poolId, Kind = CouponKind.ThresholdOff, Threshold = Setup.UnitPrice, AmountOff = 1_000, Total = Context.Options.Stock },
            Context.Call,
            cancellationToken);
        Setup.Require(pool.Result, "CreateCouponPool " + _poolId);
        await Setup.FundWalletsAsync(Context, Setup.CreditPerUser(Context, 1), cancellationToken);
    }

    public override async ValueTask IterateAsync(int slot, CancellationToken cancellationToken)
    {
        var u = Context.NextUser();

        // One virtual user at a time owns a shopper's next move; the others just claim again
        // (ALREADY_CLAIMED / COUPON_GONE are the rush's common answers).
        if (Interlocked.CompareExchange(ref _state[u], Busy, Holding) == Holding)
        {
            var order = await Drops.GrabAsync(Context, GrabStep, slot, _dropId, u, cancellationToken);
            var spent = order is not null && await Drops.PayAsync(Context, PayStep, slot, order, _coupons[u]!, cancellationToken);
            Volatile.Write(ref _state[u], spent ? Spent : Holding);
            return;
        }

        var owns = Interlocked.CompareExchange(ref _state[u], Busy, Unclaimed) == Unclaimed;
        var coupon = await ClaimAsync(slot, u, cancellationToken);
        if (owns)
        {
            _coupons[u] = coupon;
            Volatile.Write(ref _state[u], coupon is null ? Unclaimed : Holding);
        }
    }

    private async ValueTask<string?> ClaimAsync(int slot, int u, CancellationToken cancellationToken)
    {
        var user = Context.Users[u];
        var request = new ClaimCouponRequest { PoolId = _poolId, UserId = user };
        var start = Stopwatch.GetTimestamp();
        string? couponId = null;
        Outcome outcome;
        try
        {
            var reply = await Context.Shop(slot).ClaimCouponAsync(request, Context.Call, cancellationToken);
            outcome = Result(reply.Result);
            if (reply.Result == ResultCode.Ok)
            {
                Context.Acks.Claimed(_poolId, user, reply.Coupon.CouponId);
            }

            if (reply.Result is ResultCode.Ok or ResultCode.AlreadyClaimed && reply.Coupon is { } held)
            {
                couponId = held.CouponId;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = Failure(ex);
        }

        Context.Stats.Record(ClaimStep, slot, outcome, start);
        return couponId;
    }
}
