using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using FlashSale.Api.V1;
using FlashSale.Grains.Common;
using FlashSale.Storage;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Coupons;

/// <summary>A coupon pool: claimed never exceeds total and each coupon is held by at most one
/// order at a time (invariant 5).</summary>
[GrainType("coupon-pool")]
[Reentrant]
internal sealed partial class CouponPoolGrain([PersistentState("state", FlashSaleStorage.ProviderName)] IPersistentState<CouponPoolGrainState> state, TimeProvider time, IOptions<GroupCommitOptions> groupCommit)
    : StatefulGrain<CouponPoolGrainState>(state, time, groupCommit.Value), ICouponPoolGrain
{
    private bool Exists => State.Status is not null;

    private CouponPoolStatus Status => State.Status;

    public async Task<CreateCouponPoolReply> Create(CreateCouponPoolRequest request, CancellationToken cancellationToken = default)
    {
        var wanted = new CouponPoolStatus
        {
            PoolId = GetPrimaryKeyString(),
            Kind = request.Kind,
            AmountOff = request.AmountOff,
            Threshold = request.Threshold,
            PercentOff = request.PercentOff,
            Total = request.Total,
            ValidFrom = request.ValidFrom,
            ValidUntil = request.ValidUntil,
        };
        if (Exists)
        {
            var existing = Status.Clone();
            existing.Claimed = 0;
            existing.Redeemed = 0;
            var result = existing.Equals(wanted) ? ResultCode.Ok : ResultCode.AlreadyExists;
            return new CreateCouponPoolReply { Result = result, Pool = Status.Clone() };
        }

        State.Status = wanted;
        await PersistAsync(cancellationToken);
        return new CreateCouponPoolReply { Result = ResultCode.Ok, Pool = Status.Clone() };
    }

    public async Task<CouponPoolStatus> GetStatus(Empty request, CancellationToken cancellationToken = default)
    {
        var status = Exists ? Status.Clone() : new CouponPoolStatus { PoolId = GetPrimaryKeyString() };
        await SettledAsync();
        return status;
    }

    public async Task<CouponReply> GetCoupon(CouponClaim request, CancellationToken cancellationToken = default)
    {
        var reply = State.Coupons.TryGetValue(request.UserId, out var coupon)
            ? new CouponReply { Result = ResultCode.Ok, Coupon = coupon.Clone() }
            : new CouponReply { Result = ResultCode.Unspecified };
        await SettledAsync();
        return reply;
    }

    private int Remaining => Status.Total - Status.Claimed;

    private bool IsValidAt(DateTimeOffset now) =>
        (Status.ValidFrom is null || now >= Status.ValidFrom.ToDateTimeOffset())
        && (Status.ValidUntil is null || now < Status.ValidUntil.ToDateTimeOffset());
}
