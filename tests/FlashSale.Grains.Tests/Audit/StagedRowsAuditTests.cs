using FlashSale.Api.V1;
using FlashSale.Grains.Tests.Shoppers;
using FlashSale.Runtime.Storage;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Grains.Tests.Audit;

/// <summary>The SQL rows the drop and wallet stage with their state are enough to audit the
/// invariants: units never oversold and money moved equal to paid orders minus refunds.</summary>
public sealed class StagedRowsAuditTests
{
    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> RowsAsync(GrainTestHost host, string table)
    {
        var storage = Assert.IsAssignableFrom<IRowStagingGrainStorage>(host.Services.GetRequiredService<IGrainStorage>());
        return await storage.ReadRowsAsync(table, CancellationToken.None).WithTimeout();
    }

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

        var rows = (await RowsAsync(host, "orders")).ToDictionary(r => (string)r["order_id"]!, r => r);
        Assert.Equal("Paid", rows[paid.OrderId]["state"]);
        Assert.Equal(1_000L, rows[paid.OrderId]["paid_amount"]);
        Assert.Equal("Cancelled", rows[cancelled.OrderId]["state"]);
        Assert.Equal("PendingPayment", rows[pending.OrderId]["state"]);
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

        var orders = await RowsAsync(host, "orders");
        var ledger = await RowsAsync(host, "wallet_ledger");
        var units = orders.Where(r => (string)r["state"]! is "Paid" or "PendingPayment" or "Refunded").Sum(r => (long)r["quantity"]!);
        var paid = orders.Where(r => (string)r["state"]! == "Paid").Sum(r => (long)r["paid_amount"]!);
        var moved = -ledger.Where(r => (string)r["kind"]! is "debit" or "refund").Sum(r => (long)r["amount"]!);
        Assert.Equal(20, won.Count);
        Assert.True(units <= 20);
        Assert.Equal(19 * 700, paid);
        Assert.Equal(paid, moved);
        Assert.All(ledger, r => Assert.True((long)r["balance_after"]! >= 0));
    }
}
