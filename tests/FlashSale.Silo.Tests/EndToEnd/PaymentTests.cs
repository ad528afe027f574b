using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class PaymentTests
{
    private const long Funds = 50_000;

    [Fact]
    public async Task Pay_RetriedWithSameKeyAlsoInParallel_PaysOnceAndDebitsWalletOnce()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10, perUserLimit: 2);
        var shop = silo.Shop;
        var grab = await shop.GrabAsync(dropId, "cai", idempotencyKey: "cai-grab-1").WithTimeout();
        Assert.Equal(ResultCode.Ok, grab.Result);
        await silo.CreditAsync("cai", Funds);
        var orderId = grab.Order.OrderId;

        // Act
        var paid = await shop.PayAsync(orderId, "cai", idempotencyKey: "cai-pay-1").WithTimeout();
        var retried = await shop.PayAsync(orderId, "cai", idempotencyKey: "cai-pay-1").WithTimeout();
        var parallel = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => shop.PayAsync(orderId, "cai", idempotencyKey: "cai-pay-1"))).WithTimeout();

        // Assert: one payment, one debit, every retry told the same story.
        Assert.Equal(ResultCode.Ok, paid.Result);
        Assert.Equal(OrderState.Paid, paid.Order.State);
        Assert.Equal(SiloScenario.UnitPrice, paid.Order.PaidAmount);
        Assert.Equal(Funds - SiloScenario.UnitPrice, paid.Balance);
        Assert.All(parallel.Append(retried), r =>
        {
            Assert.Equal(ResultCode.Ok, r.Result);
            Assert.Equal(orderId, r.Order.OrderId);
            Assert.Equal(OrderState.Paid, r.Order.State);
            Assert.Equal(paid.Balance, r.Balance);
        });

        var wallet = await silo.WalletAsync("cai");
        Assert.Equal(Funds - SiloScenario.UnitPrice, wallet.Balance);
        var debits = wallet.Entries.Where(e => e.Amount < 0).ToList();
        var debit = Assert.Single(debits);
        Assert.Equal(-SiloScenario.UnitPrice, debit.Amount);
        Assert.Equal(orderId, debit.Reference);

        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal(1, status.Sold);
        Assert.Equal(0, status.Reserved);
    }

    [Fact]
    public async Task Grab_RetriedWithSameKeyAlsoInParallel_ReturnsTheSameOrder()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10, perUserLimit: 5);
        var shop = silo.Shop;

        // Act
        var first = await shop.GrabAsync(dropId, "dan", idempotencyKey: "dan-grab").WithTimeout();
        var retries = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => shop.GrabAsync(dropId, "dan", idempotencyKey: "dan-grab"))).WithTimeout();

        // Assert
        Assert.Equal(ResultCode.Ok, first.Result);
        Assert.All(retries, r =>
        {
            Assert.Equal(ResultCode.Ok, r.Result);
            Assert.Equal(first.Order.OrderId, r.Order.OrderId);
        });
        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal(1, status.Reserved);
        var mine = await shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = "dan" }).WithTimeout();
        Assert.Equal(first.Order.OrderId, Assert.Single(mine.Orders).OrderId);
    }
}
