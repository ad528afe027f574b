using FlashSale.Api.V1;

namespace FlashSale.LoadTests.Audit;

/// <summary>What the audit reads of the server's stored state. Real runs read it through the
/// admin API (<see cref="AdminServerView"/>); tests plant violations in an in-memory fake.</summary>
internal interface IServerView
{
    Task<DropStatus> GetDropAsync(string dropId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Order>> ListDropOrdersAsync(string dropId, CancellationToken cancellationToken);

    Task<WalletReply> GetWalletAsync(string userId, CancellationToken cancellationToken);

    Task<CouponPoolStatus> GetCouponPoolAsync(string poolId, CancellationToken cancellationToken);

    Task<EnvelopeRainStatus> GetEnvelopeRainAsync(string rainId, CancellationToken cancellationToken);
}
