using FlashSale.Api.V1;
using FlashSale.Client;

namespace FlashSale.LoadTests.Audit;

/// <summary>The server's state as the admin API reports it (wallets through the shopper API,
/// which has the only wallet read).</summary>
internal sealed class AdminServerView(AdminClient admin, ShopClient shop, TimeSpan callTimeout) : IServerView
{
    private const int DropOrderPageSize = 1_000;

    private FlashSaleCallOptions Options => FlashSaleCallOptions.WithTimeout(callTimeout);

    public Task<DropStatus> GetDropAsync(string dropId, CancellationToken cancellationToken) =>
        admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = dropId }, Options, cancellationToken);

    /// <summary>Every order of the drop, a page of <see cref="DropOrderPageSize"/> per call (a page
    /// stays far below gRPC's 4 MB default message limit); the call timeout applies per page.</summary>
    public async Task<IReadOnlyList<Order>> ListDropOrdersAsync(string dropId, CancellationToken cancellationToken)
    {
        var orders = new List<Order>();
        await foreach (var order in admin.ListAllDropOrdersAsync(dropId, DropOrderPageSize, Options, cancellationToken))
        {
            orders.Add(order);
        }

        return orders;
    }

    public Task<WalletReply> GetWalletAsync(string userId, CancellationToken cancellationToken) =>
        shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = userId }, Options, cancellationToken);

    public Task<CouponPoolStatus> GetCouponPoolAsync(string poolId, CancellationToken cancellationToken) =>
        admin.GetCouponPoolStatusAsync(new GetCouponPoolStatusRequest { PoolId = poolId }, Options, cancellationToken);

    public Task<EnvelopeRainStatus> GetEnvelopeRainAsync(string rainId, CancellationToken cancellationToken) =>
        admin.GetEnvelopeRainStatusAsync(new GetEnvelopeRainStatusRequest { RainId = rainId }, Options, cancellationToken);
}
