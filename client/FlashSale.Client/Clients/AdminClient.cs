using FlashSale.Api.V1;
using Grpc.Core;

namespace FlashSale.Client;

/// <summary>Typed client of <c>flashsale.v1.Admin</c>, the operator API, over the generated
/// <see cref="Admin.AdminClient"/>. Every call carries <c>authorization: Bearer &lt;token&gt;</c> (a
/// per-call header, so it works on h2c without TLS) from the constructor or the channel's
/// <see cref="FlashSaleChannelOptions.AdminToken"/>, unless the call's own headers set one.
/// Mutating calls with an idempotency key get it filled on the request object, as in <see cref="ShopClient"/>.</summary>
public sealed partial class AdminClient
{
    private readonly FlashSaleChannel _channel;
    private readonly string? _authorization;

    /// <summary>Creates a client on a channel; <paramref name="adminToken"/> overrides the channel's token.</summary>
    public AdminClient(FlashSaleChannel channel, string? adminToken = null)
    {
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _authorization = string.IsNullOrEmpty(adminToken) ? channel.AdminAuthorization : "Bearer " + adminToken;
        Generated = new Admin.AdminClient(channel.GrpcChannel);
    }

    /// <summary>The generated client this one wraps (calls made on it directly carry no token).</summary>
    public Admin.AdminClient Generated { get; }

    /// <summary>Creates a room (optionally going live by itself at <c>starts_at</c>).</summary>
    public async Task<CreateRoomReply> CreateRoomAsync(CreateRoomRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.CreateRoomAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Puts a room live.</summary>
    public async Task<RoomCommandReply> StartRoomAsync(RoomCommand request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.StartRoomAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Ends a room and closes its drops.</summary>
    public async Task<RoomCommandReply> EndRoomAsync(RoomCommand request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.EndRoomAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Schedules a drop in a room.</summary>
    public async Task<ScheduleDropReply> ScheduleDropAsync(ScheduleDropRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.ScheduleDropAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Creates a coupon pool.</summary>
    public async Task<CreateCouponPoolReply> CreateCouponPoolAsync(CreateCouponPoolRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.CreateCouponPoolAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Credits a wallet; an empty idempotency key is filled on the request.</summary>
    public async Task<WalletReply> CreditWalletAsync(CreditWalletRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.CreditWalletAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Sets a user's member tier (early access).</summary>
    public async Task<SetMemberTierReply> SetMemberTierAsync(SetMemberTierRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.SetMemberTierAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Refunds a paid order; an empty idempotency key is filled on the request.</summary>
    public async Task<RefundOrderReply> RefundOrderAsync(RefundOrderRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.RefundOrderAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);
    }

    private CallOptions WithAuth(FlashSaleCallOptions? options, CancellationToken cancellationToken) =>
        _channel.CallOptions(options, unary: true, _authorization, cancellationToken);
}
