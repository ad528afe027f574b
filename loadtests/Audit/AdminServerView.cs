using FlashSale.Api.V1;
using FlashSale.Client;

namespace FlashSale.LoadTests.Audit;

/// <summary>The server's state as the admin API reports it (wallets through the shopper API,
/// which has the only wallet read).</summary>
internal sealed class AdminServerView(AdminClient admin, ShopClient shop, TimeSpan callTimeout) : IServerView
{
    private CallOptions Options => CallOptions.WithTimeout(callTimeout);

    public Task<DropStatus> GetDropAsync(string dropId, CancellationToken cancellationToken) =>
        admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = dropId }, Options, cancellationToken);

    public async Task<IReadOnlyList<Order>> ListDropOrdersAsync(string dropId, CancellationToken cancellationToken)
    {
        var reply = await admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }, Options, cancellationToken);
        return reply.Orders;
    }

    public Task<WalletReply> GetWalletAsync(string userId, CancellationToken cancellationToken) =>
        shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = userId }, Options, cancellationToken);

    public Task<CouponPoolStatus> GetCouponPoolAsync(string poolId, CancellationToken cancellationToken) =>
        admin.GetCouponPoolStatusAsync(new GetCouponPoolStatusRequest { PoolId = poolId }, Options, cancellationToken);
}
