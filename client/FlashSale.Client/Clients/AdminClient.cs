using FlashSale.Api.V1;

namespace FlashSale.Client;

/// <summary>Typed client of <c>flashsale.v1.Admin</c>, the operator API. Every call carries
/// <c>authorization: Bearer &lt;token&gt;</c> from the constructor or the channel's
/// <see cref="FlashSaleChannelOptions.AdminToken"/>, unless the call's own headers set one.</summary>
public sealed partial class AdminClient
{
    private readonly CallInvoker _invoker;
    private readonly IReadOnlyList<KeyValuePair<string, string>>? _authHeaders;

    /// <summary>Creates a client on a channel; <paramref name="adminToken"/> overrides the channel's token.</summary>
    public AdminClient(FlashSaleChannel channel, string? adminToken = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _invoker = channel.CallInvoker;
        _authHeaders = string.IsNullOrEmpty(adminToken)
            ? channel.AdminHeaders
            : [new KeyValuePair<string, string>("authorization", "Bearer " + adminToken)];
    }

    /// <summary>Creates a room (optionally going live by itself at <c>starts_at</c>).</summary>
    public Task<CreateRoomReply> CreateRoomAsync(CreateRoomRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.CreateRoom, request, WithAuth(options), cancellationToken);

    /// <summary>Puts a room live.</summary>
    public Task<RoomCommandReply> StartRoomAsync(RoomCommand request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.StartRoom, request, WithAuth(options), cancellationToken);

    /// <summary>Ends a room and closes its drops.</summary>
    public Task<RoomCommandReply> EndRoomAsync(RoomCommand request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.EndRoom, request, WithAuth(options), cancellationToken);

    /// <summary>Schedules a drop in a room.</summary>
    public Task<ScheduleDropReply> ScheduleDropAsync(ScheduleDropRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.ScheduleDrop, request, WithAuth(options), cancellationToken);

    /// <summary>Creates a coupon pool.</summary>
    public Task<CreateCouponPoolReply> CreateCouponPoolAsync(CreateCouponPoolRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.CreateCouponPool, request, WithAuth(options), cancellationToken);

    /// <summary>Credits a wallet; an empty idempotency key is filled on the request.</summary>
    public Task<WalletReply> CreditWalletAsync(CreditWalletRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return _invoker.UnaryAsync(AdminMethods.CreditWallet, request, WithAuth(options), cancellationToken);
    }

    /// <summary>Sets a user's member tier (early access).</summary>
    public Task<SetMemberTierReply> SetMemberTierAsync(SetMemberTierRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.SetMemberTier, request, WithAuth(options), cancellationToken);

    /// <summary>Refunds a paid order; an empty idempotency key is filled on the request.</summary>
    public Task<RefundOrderReply> RefundOrderAsync(RefundOrderRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return _invoker.UnaryAsync(AdminMethods.RefundOrder, request, WithAuth(options), cancellationToken);
    }

    private CallOptions WithAuth(CallOptions? options)
    {
        var value = options ?? default;
        if (_authHeaders is null)
        {
            return value;
        }

        if (value.Headers is not { } extra)
        {
            return value with { Headers = _authHeaders };
        }

        foreach (var (name, _) in extra)
        {
            if (string.Equals(name, "authorization", StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return value with { Headers = [.. _authHeaders, .. extra] };
    }
}
