using FlashSale.Api.V1;

namespace FlashSale.Client;

/// <summary>Typed client of <c>flashsale.v1.Shop</c>, the shopper API. Thread-safe and cheap to create.
/// Mutating calls fill an empty <c>idempotency_key</c> with a fresh key <em>on the request object</em>,
/// so sending the same request object again is a safe retry.</summary>
public sealed partial class ShopClient
{
    private readonly CallInvoker _invoker;

    /// <summary>Creates a client on a channel.</summary>
    public ShopClient(FlashSaleChannel channel)
        : this((channel ?? throw new ArgumentNullException(nameof(channel))).CallInvoker)
    {
    }

    /// <summary>Creates a client on an invoker.</summary>
    public ShopClient(CallInvoker invoker) => _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));

    /// <summary>Lists the rooms.</summary>
    public Task<ListRoomsReply> ListRoomsAsync(ListRoomsRequest? request = null, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(ShopMethods.ListRooms, request ?? new ListRoomsRequest(), options ?? default, cancellationToken);

    /// <summary>One room's status with its drops; NOT_FOUND for an unknown room.</summary>
    public Task<RoomStatus> GetRoomAsync(GetRoomRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(ShopMethods.GetRoom, request, options ?? default, cancellationToken);

    /// <summary>A snapshot, then live events until the room ends or the enumeration is cancelled.</summary>
    public IAsyncEnumerable<RoomEvent> WatchRoom(WatchRoomRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.ServerStreaming(ShopMethods.WatchRoom, request, options ?? default, cancellationToken);

    /// <summary>Reserves units of a drop; business outcomes are in <see cref="GrabReply.Result"/>.</summary>
    public Task<GrabReply> GrabAsync(GrabRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return _invoker.UnaryAsync(ShopMethods.Grab, request, options ?? default, cancellationToken);
    }

    /// <summary>Pays a pending order from the wallet, optionally with a claimed coupon.</summary>
    public Task<PayReply> PayAsync(PayRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return _invoker.UnaryAsync(ShopMethods.Pay, request, options ?? default, cancellationToken);
    }

    /// <summary>Cancels a pending order; its units return to the drop.</summary>
    public Task<CancelOrderReply> CancelOrderAsync(CancelOrderRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return _invoker.UnaryAsync(ShopMethods.CancelOrder, request, options ?? default, cancellationToken);
    }

    /// <summary>Claims one coupon from a pool (once per user).</summary>
    public Task<ClaimCouponReply> ClaimCouponAsync(ClaimCouponRequest request, CallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return _invoker.UnaryAsync(ShopMethods.ClaimCoupon, request, options ?? default, cancellationToken);
    }

    /// <summary>The caller's orders.</summary>
    public Task<ListMyOrdersReply> ListMyOrdersAsync(ListMyOrdersRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(ShopMethods.ListMyOrders, request, options ?? default, cancellationToken);

    /// <summary>The caller's balance, ledger and coupons.</summary>
    public Task<WalletReply> GetMyWalletAsync(GetMyWalletRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(ShopMethods.GetMyWallet, request, options ?? default, cancellationToken);
}
