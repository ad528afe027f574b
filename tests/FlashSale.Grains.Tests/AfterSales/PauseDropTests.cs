using FlashSale.Api.V1;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Grains.Tests.Shoppers;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.AfterSales;

public sealed class PauseDropTests
{
    [Fact]
    public async Task Grab_WhilePaused_ReturnsDropPausedAndKeepsStock()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);

        var paused = await host.PauseAsync("d1", "quality check");
        var grab = await host.GrabAsync("d1", "alice", key: "k1");

        Assert.Equal(ResultCode.Ok, paused.Result);
        Assert.Equal((DropState.Paused, "quality check"), (paused.Drop.State, paused.Drop.PauseReason));
        Assert.Equal(ResultCode.DropPaused, grab.Result);
        Assert.Equal(5, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task Pay_PendingOrderWhilePaused_Completes()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5, unitPrice: 1_000);
        await host.CreditAsync("alice", 5_000);
        var order = await host.GrabAsync("alice");
        await host.PauseAsync("d1");

        var paid = await host.PayAsync("alice", order.OrderId, "pay-1");

        Assert.Equal(ResultCode.Ok, paid.Result);
        var status = await host.StatusAsync("d1");
        Assert.Equal((1, 0, DropState.Paused), (status.Sold, status.Reserved, status.State));
    }

    [Fact]
    public async Task Resume_AfterPause_SameKeyGrabsAndWatchersSeeBothEvents()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);
        using var events = host.Collect("room-1");
        await host.PauseAsync("d1");
        Assert.Equal(ResultCode.DropPaused, (await host.GrabAsync("d1", "alice", key: "k1")).Result);

        var resumed = await host.ResumeAsync("d1");
        var grab = await host.GrabAsync("d1", "alice", key: "k1");

        Assert.Equal((ResultCode.Ok, false, DropState.Open), (resumed.Result, resumed.Drop.Paused, resumed.Drop.State));
        Assert.Equal(ResultCode.Ok, grab.Result);
        Assert.Equal("operator", (await events.WaitAsync(e => e.DropPaused is not null)).DropPaused.Reason);
        Assert.Equal("d1", (await events.WaitAsync(e => e.DropResumed is not null)).DropResumed.DropId);
    }

    [Fact]
    public async Task Pause_SurvivesRestart()
    {
        var stores = TestStores.OutlivingTheSilo();
        var time = new FakeTimeProvider();
        await using (var first = await GrainTestHost.StartAsync(time, stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 5);
            await first.PauseAsync("d1");
        }

        await using var second = await GrainTestHost.StartAsync(time, stores);
        Assert.Equal(ResultCode.DropPaused, (await second.GrabAsync("d1", "alice")).Result);
        Assert.True((await second.StatusAsync("d1")).Paused);
    }

    [Fact]
    public async Task Pause_ClosedDrop_ReturnsEnded()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5, closesIn: TimeSpan.FromMinutes(1));
        host.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(ResultCode.Ended, (await host.PauseAsync("d1")).Result);
    }

    [Fact]
    public async Task Pause_UnknownDrop_IsNotFound()
    {
        await using var host = await GrainTestHost.StartAsync();
        await Assert.ThrowsAsync<EntityNotFoundException>(() => host.PauseAsync("nope"));
    }

    [Fact]
    public async Task RefundRateRule_On_PausesWhenRateCrossesThresholdOnce()
    {
        await using var host = await GrainTestHost.StartAsync(configure: AfterSalesTestKit.AutoPause(rate: 0.15, minimum: 4));
        await host.ScheduleDropAsync("d1", quantity: 20, unitPrice: 1_000);
        using var events = host.Collect("room-1");
        var orders = new List<Order>();
        foreach (var user in new[] { "u1", "u2", "u3", "u4", "u5", "u6", "u7" })
        {
            orders.Add(await host.PaidOrderAsync(user));
        }

        // 1 of 7 = 14 % stays under 15 %; 2 of 7 = 29 % crosses it.
        Assert.Equal(ResultCode.Ok, (await host.ReturnAsync("u1", orders[0].OrderId)).Result);
        Assert.False((await host.StatusAsync("d1")).Paused);
        await host.Shopper("u2").Refund(new RefundOrderRequest { OrderId = orders[1].OrderId, IdempotencyKey = "r" }).WithTimeout();

        var status = await host.StatusAsync("d1");
        Assert.Equal((true, "refund-rate", 2.0 / 7), (status.Paused, status.PauseReason, status.RefundRate));
        Assert.Equal("refund-rate", (await events.WaitAsync(e => e.DropPaused is not null)).DropPaused.Reason);

        // Once the operator resumes, the rule has had its say for this drop.
        await host.ResumeAsync("d1");
        await host.ReturnAsync("u3", orders[2].OrderId);
        Assert.False((await host.StatusAsync("d1")).Paused);
    }

    [Fact]
    public async Task RefundRateRule_BelowMinimumSample_DoesNotPause()
    {
        await using var host = await GrainTestHost.StartAsync(configure: AfterSalesTestKit.AutoPause(rate: 0.15, minimum: 4));
        await host.ScheduleDropAsync("d1", quantity: 20, unitPrice: 1_000);
        var order = await host.PaidOrderAsync("u1");
        await host.PaidOrderAsync("u2");

        await host.ReturnAsync("u1", order.OrderId);

        var status = await host.StatusAsync("d1");
        Assert.Equal((false, 0.5), (status.Paused, status.RefundRate));
    }

    [Fact]
    public async Task RefundRateRule_OffByDefault_NeverPauses()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 40, unitPrice: 1_000);
        var orders = new List<Order>();
        for (var i = 0; i < 20; i++)
        {
            orders.Add(await host.PaidOrderAsync("u" + i));
        }

        foreach (var order in orders.Take(10))
        {
            await host.ReturnAsync(order.UserId, order.OrderId);
        }

        var status = await host.StatusAsync("d1");
        Assert.Equal((false, 0.5), (status.Paused, status.RefundRate));
    }

    [Fact]
    public async Task Counters_AfterRestart_AreRecountedFromOrders()
    {
        var stores = TestStores.OutlivingTheSilo();
        var time = new FakeTimeProvider();
        await using (var first = await GrainTestHost.StartAsync(time, stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 5, unitPrice: 1_000);
            var a = await first.PaidOrderAsync("alice");
            await first.PaidOrderAsync("bob");
            await first.ReturnAsync("alice", a.OrderId);
        }

        await using var second = await GrainTestHost.StartAsync(time, stores);
        var status = await second.StatusAsync("d1");
        Assert.Equal((2, 0, 1, 0.5), (status.PaidOrders, status.RefundedOrders, status.ReturnedOrders, status.RefundRate));
    }
}
