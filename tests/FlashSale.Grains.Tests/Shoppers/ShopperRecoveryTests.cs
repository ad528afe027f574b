using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Shoppers;

/// <summary>A shopper that crashed mid-saga (after the wallet debit, before the confirmation) is
/// simulated by storing its in-flight payment record directly and debiting the wallet.</summary>
public sealed class ShopperRecoveryTests
{
    [Fact]
    public async Task Activation_WithInterruptedPaymentForExpiredOrder_RefundsTheWallet()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 2_000, paymentWindowSeconds: 60);
        await host.CreditAsync("alice", 5_000);
        var order = (await host.GrabAsync("d1", "alice")).Order;
        await SimulateCrashAfterDebitAsync(host, order);
        host.Time.Advance(TimeSpan.FromSeconds(61));

        await host.Shopper("alice").ListCoupons(new Empty()).WithTimeout();

        Assert.Equal(5_000, await host.BalanceAsync("alice"));
        var retry = await host.PayAsync("alice", order.OrderId, "pay-1");
        Assert.Equal(ResultCode.OrderExpired, retry.Result);
        Assert.Equal(5_000, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Activation_WithInterruptedPaymentForPendingOrder_CompletesThePayment()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 2_000);
        await host.CreditAsync("alice", 5_000);
        var order = (await host.GrabAsync("d1", "alice")).Order;
        await SimulateCrashAfterDebitAsync(host, order);

        var retry = await host.PayAsync("alice", order.OrderId, "pay-1");

        Assert.Equal(ResultCode.Ok, retry.Result);
        Assert.Equal(OrderState.Paid, retry.Order.State);
        Assert.Equal(3_000, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Reminder_WithInterruptedPaymentAndNoReturningUser_CompletesThePayment()
    {
        // The reminder row is put in the table directly (as the crashed activation left it); the
        // reminder service picks up rows it did not register itself on its list refresh.
        await using var host = await GrainTestHost.StartAsync(configure: silo =>
            silo.Configure<ReminderOptions>(o => o.RefreshReminderListPeriod = TimeSpan.FromSeconds(5)));
        await host.ScheduleDropAsync("d1", unitPrice: 2_000);
        await host.CreditAsync("alice", 5_000);
        var order = (await host.GrabAsync("d1", "alice")).Order;
        await SimulateCrashAfterDebitAsync(host, order);
        await host.Reminders.UpsertRow(new ReminderEntry
        {
            GrainId = GrainId.Create("shopper", "alice"),
            ReminderName = "resume-payments",
            StartAt = host.Now.AddSeconds(30).UtcDateTime,
            Period = TimeSpan.FromMinutes(1),
        }).WithTimeout();

        // Nobody calls alice's shopper: only the durable reminder can finish the saga.
        var state = OrderState.PendingPayment;
        for (var step = 0; step < 60 && state != OrderState.Paid; step++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
            state = (await host.Drop("d1").GetOrder(new OrderRef { OrderId = order.OrderId }).WithTimeout()).Order.State;
        }

        Assert.Equal(OrderState.Paid, state);
        Assert.Equal(3_000, await host.BalanceAsync("alice"));
    }

    private static async Task SimulateCrashAfterDebitAsync(GrainTestHost host, Order order)
    {
        var state = new ShopperGrainState();
        state.Payments["pay-1"] = new PaymentRecord { IdempotencyKey = "pay-1", OrderId = order.OrderId, Total = order.TotalAmount };
        await host.WriteStateAsync("shopper", "alice", state);
        var debit = await host.Wallet("alice").Debit(new WalletDebit { OrderId = order.OrderId, Amount = order.TotalAmount }).WithTimeout();
        Assert.Equal(ResultCode.Ok, debit.Result);
    }
}
