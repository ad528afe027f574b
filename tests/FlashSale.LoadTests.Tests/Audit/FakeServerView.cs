using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;

namespace FlashSale.LoadTests.Tests.Audit;

/// <summary>An in-memory server state the tests can corrupt at will: the audit must catch what
/// a misbehaving silo would store without a real silo having to misbehave.</summary>
internal sealed class FakeServerView : IServerView
{
    public Dictionary<string, DropStatus> Drops { get; } = [];

    public Dictionary<string, List<Order>> Orders { get; } = [];

    public Dictionary<string, WalletReply> Wallets { get; } = [];

    public Dictionary<string, CouponPoolStatus> Pools { get; } = [];

    public Dictionary<string, EnvelopeRainStatus> Rains { get; } = [];

    public Task<DropStatus> GetDropAsync(string dropId, CancellationToken cancellationToken) =>
        Drops.TryGetValue(dropId, out var d) ? Task.FromResult(d) : Task.FromException<DropStatus>(NotFound(dropId));

    public Task<IReadOnlyList<Order>> ListDropOrdersAsync(string dropId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Order>>(Orders.GetValueOrDefault(dropId) ?? []);

    public Task<WalletReply> GetWalletAsync(string userId, CancellationToken cancellationToken) =>
        Wallets.TryGetValue(userId, out var w) ? Task.FromResult(w) : Task.FromException<WalletReply>(NotFound(userId));

    public Task<CouponPoolStatus> GetCouponPoolAsync(string poolId, CancellationToken cancellationToken) =>
        Pools.TryGetValue(poolId, out var p) ? Task.FromResult(p) : Task.FromException<CouponPoolStatus>(NotFound(poolId));

    public Task<EnvelopeRainStatus> GetEnvelopeRainAsync(string rainId, CancellationToken cancellationToken) =>
        Rains.TryGetValue(rainId, out var r) ? Task.FromResult(r) : Task.FromException<EnvelopeRainStatus>(NotFound(rainId));

    private static Grpc.Core.RpcException NotFound(string id) => new(new Grpc.Core.Status(Grpc.Core.StatusCode.NotFound, $"'{id}' not found"));
}
