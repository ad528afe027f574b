using FlashSale.Api.V1;
using FlashSale.Grains.Tests.Shoppers;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Audit;

/// <summary>The rows the drop and wallet write with their state (orders, wallet ledger) are enough
/// to audit the invariants: units never oversold and money moved equal to paid orders minus refunds.</summary>
public sealed class StagedRowsAuditTests
{
    [Fact]
    public async Task OrderRows_FollowEveryOrderChange()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5, unitPrice: 1_000);
        await host.CreditAsync("alice", 10_000);
        var paid = await host.GrabAsync("alice");
        var cancelled = await host.GrabAsync("alice");
        var pending = await host.GrabAsync("alice");

        await host.PayAsync("alice", paid.OrderId, "pay-1");
        await host.Shopper("alice").Cancel(new CancelOrderRequest { OrderId = cancelled.OrderId }).WithTimeout();

        var rows = host.Stores.Drops.AllOrders().ToDictionary(r => r.OrderId);
        Assert.Equal("Paid", rows[paid.OrderId].State);
        Assert.Equal(1_000L, rows[paid.OrderId].PaidAmount);
        Assert.Equal("Cancelled", rows[cancelled.OrderId].State);
        Assert.Equal("PendingPayment", rows[pending.OrderId].State);
    }

    [Fact]
    public async Task Rows_AfterConcurrentGrabsPaymentsAndRefund_SatisfyTheInvariants()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 20, unitPrice: 700, perUserLimit: 2);
        var users = Enumerable.Range(0, 30).Select(i => $"u{i}").ToList();
        foreach (var user in users)
        {
            await host.CreditAsync(user, 1_000);
        }

        var grabs = await Task.WhenAll(users.Select(u => host.Shopper(u).Grab(new GrabRequest { DropId = "d1", Quantity = 1, IdempotencyKey = "g" }))).WithTimeout();
        var won = grabs.Where(g => g.Result == ResultCode.Ok).Select(g => g.Order).ToList();
        await Task.WhenAll(won.Select(o => host.Shopper(o.UserId).Pay(new PayRequest { OrderId = o.OrderId, IdempotencyKey = "p" }))).WithTimeout();
        await host.Shopper(won[0].UserId).Refund(new RefundOrderRequest { OrderId = won[0].OrderId }).WithTimeout();

        var orders = host.Stores.Drops.AllOrders();
        var ledger = host.Stores.Wallets.AllEntries();
        var units = orders.Where(r => r.State is "Paid" or "PendingPayment" or "Refunded").Sum(r => r.Quantity);
        var paid = orders.Where(r => r.State == "Paid").Sum(r => r.PaidAmount);
        var moved = -ledger.Where(r => r.Kind is "debit" or "refund").Sum(r => r.Amount);
        Assert.Equal(20, won.Count);
        Assert.True(units <= 20);
        Assert.Equal(19 * 700, paid);
        Assert.Equal(paid, moved);
        Assert.All(ledger, r => Assert.True(r.BalanceAfter >= 0));
    }
}
