using System.Runtime.CompilerServices;
using FlashSale.Api.V1;
using Grpc.Core;

namespace FlashSale.Client;

public sealed partial class AdminClient
{
    /// <summary>A room's status.</summary>
    public async Task<RoomStatus> GetRoomStatusAsync(GetRoomStatusRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.GetRoomStatusAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>A drop's status: sold, reserved, remaining.</summary>
    public async Task<DropStatus> GetDropStatusAsync(GetDropStatusRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.GetDropStatusAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>A coupon pool's status.</summary>
    public async Task<CouponPoolStatus> GetCouponPoolStatusAsync(GetCouponPoolStatusRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.GetCouponPoolStatusAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>One page of a drop's orders, in order-id order: pass the reply's
    /// <c>next_page_token</c> as the next request's <c>page_token</c> until it comes back empty
    /// (or use <see cref="ListAllDropOrdersAsync"/>).</summary>
    public async Task<ListDropOrdersReply> ListDropOrdersAsync(ListDropOrdersRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.ListDropOrdersAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Every order of a drop, in order-id order, read page by page (audits and invariant
    /// checks). A <see cref="FlashSaleCallOptions.Timeout"/> applies to each page, a
    /// <see cref="FlashSaleCallOptions.Deadline"/> to the whole listing.</summary>
    public async IAsyncEnumerable<Order> ListAllDropOrdersAsync(
        string dropId,
        int pageSize = 1000,
        FlashSaleCallOptions? options = null,
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
                throw new RpcException(new Status(StatusCode.Internal, $"ListDropOrders of '{dropId}' returned the page token it was given"));
            }

            request = new ListDropOrdersRequest { DropId = dropId, PageSize = pageSize, PageToken = page.NextPageToken };
        }
    }
}
