using System.Runtime.CompilerServices;
using FlashSale.Api.V1;

namespace FlashSale.Client;

public sealed partial class AdminClient
{
    /// <summary>A room's status.</summary>
    public Task<RoomStatus> GetRoomStatusAsync(GetRoomStatusRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.GetRoomStatus, request, WithAuth(options), cancellationToken);

    /// <summary>A drop's status: sold, reserved, remaining.</summary>
    public Task<DropStatus> GetDropStatusAsync(GetDropStatusRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.GetDropStatus, request, WithAuth(options), cancellationToken);

    /// <summary>A coupon pool's status.</summary>
    public Task<CouponPoolStatus> GetCouponPoolStatusAsync(GetCouponPoolStatusRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.GetCouponPoolStatus, request, WithAuth(options), cancellationToken);

    /// <summary>One page of a drop's orders, in order-id order: pass the reply's
    /// <c>next_page_token</c> as the next request's <c>page_token</c> until it comes back empty
    /// (or use <see cref="ListAllDropOrdersAsync"/>).</summary>
    public Task<ListDropOrdersReply> ListDropOrdersAsync(ListDropOrdersRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.ListDropOrders, request, WithAuth(options), cancellationToken);

    /// <summary>Every order of a drop, in order-id order, read page by page (audits and invariant
    /// checks). A <see cref="CallOptions.Timeout"/> applies to each page, a
    /// <see cref="CallOptions.Deadline"/> to the whole listing.</summary>
    public async IAsyncEnumerable<Order> ListAllDropOrdersAsync(
        string dropId,
        int pageSize = 1000,
        CallOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListDropOrdersRequest { DropId = dropId, PageSize = pageSize };
        while (true)
        {
            var page = await ListDropOrdersAsync(request, options, cancellationToken).ConfigureAwait(false);
            foreach (var order in page.Orders)
            {
                yield return order;
            }

            if (page.NextPageToken.Length == 0)
            {
                yield break;
            }

            if (page.NextPageToken == request.PageToken)
            {
                // Asking again would get the same page back forever.
                throw new FlashSaleRpcException(RpcStatusCode.Internal, $"ListDropOrders of '{dropId}' returned the page token it was given");
            }

            request = new ListDropOrdersRequest { DropId = dropId, PageSize = pageSize, PageToken = page.NextPageToken };
        }
    }
}
