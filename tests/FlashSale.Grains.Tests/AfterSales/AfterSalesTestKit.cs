using FlashSale.Api.V1;
using FlashSale.Grains.AfterSales;
using FlashSale.Grains.Tests.Shoppers;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Grains.Tests.AfterSales;

internal static class AfterSalesTestKit
{
    /// <summary>Silo configuration with the refund-rate rule on.</summary>
    public static Action<ISiloBuilder> AutoPause(double rate = 0.15, int minimum = 4) => silo =>
        silo.Services.Configure<AfterSalesOptions>(o =>
        {
            o.AutoPause = true;
            o.AutoPauseRefundRate = rate;
            o.AutoPauseMinimumPaidOrders = minimum;
        });

    /// <summary>Grabs and pays one unit for <paramref name="userId"/> (funding the wallet first).</summary>
    public static async Task<Order> PaidOrderAsync(this GrainTestHost host, string userId, string dropId = "d1", string? couponId = null)
    {
        await host.CreditAsync(userId, 20_000);
        var order = await ShopperTestKit.GrabAsync(host, userId, dropId);
        var paid = await host.PayAsync(userId, order.OrderId, "pay-" + order.OrderId, couponId ?? string.Empty);
        Assert.Equal(ResultCode.Ok, paid.Result);
        return paid.Order;
    }

    public static Task<ReturnOrderReply> ReturnAsync(this GrainTestHost host, string userId, string orderId) =>
        host.Shopper(userId).Return(new ReturnOrderRequest { OrderId = orderId, UserId = userId, IdempotencyKey = "ret-" + orderId }).WithTimeout();

    public static Task<DropCommandReply> PauseAsync(this GrainTestHost host, string dropId, string reason = "") =>
        host.Drop(dropId).Pause(new PauseDropRequest { DropId = dropId, Reason = reason }).WithTimeout();

    public static Task<DropCommandReply> ResumeAsync(this GrainTestHost host, string dropId) =>
        host.Drop(dropId).Resume(new Google.Protobuf.WellKnownTypes.Empty()).WithTimeout();
}
