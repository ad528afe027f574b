using System.Collections.Concurrent;
using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>The kill -9 scenario, run against each storage by a subclass: a real silo process is
/// killed in the middle of a hot drop and restarted on the same storage.</summary>
public abstract class CrashRestartScenario(ITestOutputHelper output)
{
    private const int Quantity = 300;
    private const int FirstWave = 600;
    private const int KillAfterOkReplies = 100;
    // A hot drop on group commit sells hundreds of units in a blink: with all 600 grabs in flight
    // at once the drop sells out before a kill can land. 100 concurrent streams over 4 connections
    // still batch heavily, yet leave units to sell after the restart.
    private const int MaxInFlight = 100;
    private const int PaymentWindowSeconds = 20;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private static readonly RetryOptions Retry = RetryOptions.Default with { MaxAttempts = 10 };

    /// <summary>Switches that put the silo on the storage under test; the same on every start.</summary>
    private protected abstract IReadOnlyList<string> StorageArgs { get; }

    [Fact]
    public async Task KillDashNine_MidDrop_KeepsAcknowledgedGrabsAndGoesOnSellingAndExpiring()
    {
        using var data = new TempDirectory("flashsale-crash");
        var token = "crash-" + Guid.NewGuid().ToString("N");
        var acknowledged = new ConcurrentDictionary<string, Order>();
        string dropId;
        int okBeforeKill;
        await using (var first = await SiloProcess.StartHealthyAsync(data.Path, token, StorageArgs))
        {
            // Arrange
            var channels = Enumerable.Range(0, 4).Select(_ => first.CreateChannel()).ToArray();
            try
            {
                dropId = await CrashDrive.OpenDropAsync(new AdminClient(channels[0]), Quantity, PaymentWindowSeconds);
                var shops = channels.Select(c => new ShopClient(c)).ToArray();
                var okCount = 0;
                using var stopSending = new CancellationTokenSource();
                var killTook = TimeSpan.Zero;

                // Act: kill -9 as soon as the 100th OK reply is in, sending nothing new from then on (killing
                // takes a moment, in which a hot drop would otherwise sell out); later replies that still
                // made it are acknowledged too.
                var outcomes = await CrashDrive.GrabAllAsync(shops, dropId, CrashDrive.Users("wave1", FirstWave), CallTimeout, reply =>
                {
                    acknowledged[reply.Order.OrderId] = reply.Order;
                    if (Interlocked.Increment(ref okCount) == KillAfterOkReplies)
                    {
                        stopSending.Cancel();
                        var clock = Stopwatch.StartNew();
                        first.KillHard();
                        killTook = clock.Elapsed;
                    }
                },
                MaxInFlight,
                stopSending.Token);
                first.KillHard();
                output.WriteLine($"wave 1 (killed after the 100th OK, kill took {killTook.TotalMilliseconds:F0} ms): {CrashDrive.Describe(outcomes)}");
                okBeforeKill = outcomes.Count(o => o.IsOk);
                Assert.True(okBeforeKill >= KillAfterOkReplies, $"only {okBeforeKill} OK replies before the kill: {CrashDrive.Describe(outcomes)}\n{first.Output}");
                Assert.Contains(outcomes, o => o.Reply is null);
            }
            finally
            {
                foreach (var channel in channels)
                {
                    channel.Dispose();
                }
            }
        }

        await using var second = await SiloProcess.StartHealthyAsync(data.Path, token, StorageArgs);
        using var channel2 = second.CreateChannel(Retry);
        var admin = new AdminClient(channel2);

        // Assert: every acknowledged grab is an order, and the counters agree with the stored orders.
        var orders = await CrashDrive.OrdersAsync(admin, dropId);
        var stored = orders.ToDictionary(o => o.OrderId);
        foreach (var (orderId, order) in acknowledged)
        {
            Assert.True(stored.TryGetValue(orderId, out var found), $"acknowledged order {orderId} was lost in the crash");
            Assert.Equal(order.UserId, found.UserId);
            Assert.Equal(OrderState.PendingPayment, found.State);
        }

        var status = await CrashDrive.StatusAsync(admin, dropId);
        Assert.True(status.Sold + status.Reserved <= Quantity, $"oversold: sold {status.Sold} + reserved {status.Reserved}");
        Assert.Equal(CrashDrive.HeldUnits(orders), status.Sold + status.Reserved);
        Assert.Equal(Quantity - status.Sold - status.Reserved, status.Remaining);
        Assert.True(status.Remaining > 0, $"the kill came after the drop sold out ({okBeforeKill} OK replies first): nothing left to prove");

        // Act + assert: the drop sells exactly what is left, then answers SOLD_OUT.
        var remainingAfterRestart = status.Remaining;
        var earliestDeadline = orders.Min(o => o.PaymentDeadline.ToDateTimeOffset());
        var shop = new ShopClient(channel2);
        var wave2 = await CrashDrive.GrabAllAsync([shop], dropId, CrashDrive.Users("wave2", Quantity), CallTimeout);
        Assert.True(wave2.All(o => o.Reply is not null), $"with retries every grab gets an answer: {CrashDrive.Describe(wave2)}");
        var ok2 = wave2.Count(o => o.IsOk);
        output.WriteLine($"after restart: {status.Sold} sold, {status.Reserved} reserved, {orders.Count} orders; wave 2: {CrashDrive.Describe(wave2)}");
        output.WriteLine($"exact counts checked: {DateTimeOffset.UtcNow < earliestDeadline}");
        Assert.Equal(Quantity - ok2, wave2.Count(o => o.Reply?.Result == ResultCode.SoldOut));
        var sold = await CrashDrive.StatusAsync(admin, dropId);
        if (DateTimeOffset.UtcNow < earliestDeadline)
        {
            // Nothing can have expired yet, so the counts are exact.
            Assert.Equal(remainingAfterRestart, ok2);
            Assert.Equal((0, Quantity, 0), (sold.Sold, sold.Reserved, sold.Remaining));
        }
        else
        {
            Assert.True(ok2 >= remainingAfterRestart, $"sold {ok2} of the {remainingAfterRestart} left");
            Assert.True(sold.Sold + sold.Reserved <= Quantity);
        }

        // Assert: reservations from before and after the crash expire and their units come back.
        var expired = await CrashDrive.PollStatusAsync(
            admin, dropId, s => s.Reserved == 0, TimeSpan.FromSeconds(PaymentWindowSeconds + 15));
        Assert.Equal((0, 0, Quantity), (expired.Sold, expired.Reserved, expired.Remaining));
        var finalOrders = await CrashDrive.OrdersAsync(admin, dropId);
        Assert.All(finalOrders, o => Assert.Equal(OrderState.Expired, o.State));
        Assert.All(acknowledged.Keys, id => Assert.Contains(finalOrders, o => o.OrderId == id));
    }
}
