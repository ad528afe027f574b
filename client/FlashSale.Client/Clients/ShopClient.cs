using FlashSale.Api.V1;
using Grpc.Core;

namespace FlashSale.Client;

/// <summary>Typed client of <c>flashsale.v1.Shop</c>, the shopper API: a thin layer over the generated
/// <see cref="Shop.ShopClient"/> that applies the channel's default deadline to unary calls and fills an
/// empty <c>idempotency_key</c> of a mutating call with a fresh key <em>on the request object</em>, so
/// sending the same request object again (as the channel's retries do) is a safe retry. Failures are
/// <see cref="RpcException"/>s. Thread-safe and cheap to create.</summary>
public sealed partial class ShopClient
{
    private readonly FlashSaleChannel _channel;

    /// <summary>Creates a client on a channel.</summary>
    public ShopClient(FlashSaleChannel channel)
    {
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        Generated = new Shop.ShopClient(channel.CallInvoker);
    }

    /// <summary>The generated client this one wraps.</summary>
    public Shop.ShopClient Generated { get; }

    /// <summary>Lists the rooms, each with its drops.</summary>
    public async Task<ListRoomsReply> ListRoomsAsync(ListRoomsRequest? request = null, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.ListRoomsAsync(request ?? new ListRoomsRequest(), Unary(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>One room's status with its drops; NOT_FOUND for an unknown room.</summary>
    public async Task<RoomStatus> GetRoomAsync(GetRoomRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.GetRoomAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>A snapshot, then live events until the room ends or the enumeration is cancelled. Only an
    /// explicit timeout or deadline in <paramref name="options"/> applies: the channel's default does not.</summary>
    public IAsyncEnumerable<RoomEvent> WatchRoom(WatchRoomRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var callOptions = _channel.CallOptions(options, unary: false, authorization: null, cancellationToken);
        return ServerStreams.ReadAllAsync(() => Generated.WatchRoom(request, callOptions), cancellationToken);
    }

    /// <summary>Reserves units of a drop; business outcomes are in <see cref="GrabReply.Result"/>.</summary>
    public async Task<GrabReply> GrabAsync(GrabRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.GrabAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Pays a pending order from the wallet, optionally with a claimed coupon.</summary>
    public async Task<PayReply> PayAsync(PayRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.PayAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Cancels a pending order; its units return to the drop.</summary>
    public async Task<CancelOrderReply> CancelOrderAsync(CancelOrderRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.CancelOrderAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Claims one coupon from a pool (once per user).</summary>
    public async Task<ClaimCouponReply> ClaimCouponAsync(ClaimCouponRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.ClaimCouponAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The caller's orders.</summary>
    public async Task<ListMyOrdersReply> ListMyOrdersAsync(ListMyOrdersRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.ListMyOrdersAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>The caller's balance, ledger and coupons.</summary>
    public async Task<WalletReply> GetMyWalletAsync(GetMyWalletRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.GetMyWalletAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);

    private CallOptions Unary(FlashSaleCallOptions? options, CancellationToken cancellationToken) =>
        _channel.CallOptions(options, unary: true, authorization: null, cancellationToken);
}
