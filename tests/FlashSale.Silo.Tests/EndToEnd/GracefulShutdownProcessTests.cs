using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class GracefulShutdownProcessTests
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_RealSiloProcess_ExitsZeroAndStateSurvivesRestart()
    {
        // Arrange: a real silo process with a paid order and a pending one.
        Assert.True(File.Exists(SiloProcess.SiloAssemblyPath), $"missing {SiloProcess.SiloAssemblyPath}");
        using var data = new TempDirectory("flashsale-proc");
        var token = "proc-" + Guid.NewGuid().ToString("N");
        string dropId;
        string paidOrder;
        string pendingOrder;
        await using (var first = SiloProcess.Start(data.Path, token))
        {
            await first.WaitHealthyAsync(StartupTimeout);
            using (var channel = first.CreateChannel())
            {
                (dropId, paidOrder, pendingOrder) = await SeedAsync(new ShopClient(channel), new AdminClient(channel));
            }

            // Act
            var exitCode = await first.TerminateAsync(ExitTimeout);

            // Assert
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{first.Output}");
        }

        await using var second = SiloProcess.Start(data.Path, token);
        await second.WaitHealthyAsync(StartupTimeout);
        using var again = second.CreateChannel();
        var admin = new AdminClient(again);
        var status = await admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = dropId }).WithTimeout();
        var orders = await admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout();
        var wallet = await new ShopClient(again).GetMyWalletAsync(new GetMyWalletRequest { UserId = "proc-buyer" }).WithTimeout();
        Assert.Equal((1, 1, 8), (status.Sold, status.Reserved, status.Remaining));
        Assert.Contains(orders.Orders, o => o.OrderId == paidOrder && o.State == OrderState.Paid);
        Assert.Contains(orders.Orders, o => o.OrderId == pendingOrder && o.State == OrderState.PendingPayment);
        Assert.Equal(20_000 - SiloScenario.UnitPrice, wallet.Balance);
        Assert.Equal(0, await second.TerminateAsync(ExitTimeout));
    }

    [Fact]
    public async Task Sigterm_WithAnOpenRoomWatch_ExitsZeroWithoutWaitingOutTheShutdownTimeout()
    {
        // Arrange: a viewer keeps a WatchRoom stream open, as viewers do for a whole live show.
        using var data = new TempDirectory("flashsale-proc");
        await using var silo = SiloProcess.Start(data.Path, "proc-" + Guid.NewGuid().ToString("N"));
        await silo.WaitHealthyAsync(StartupTimeout);
        using var channel = silo.CreateChannel();
        var created = await new AdminClient(channel).CreateRoomAsync(new CreateRoomRequest { RoomId = "proc-room", Title = "proc" }).WithTimeout();
        Assert.Equal(ResultCode.Ok, created.Result);
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = new ShopClient(channel).WatchRoom("proc-room", "viewer", watching.Token).GetAsyncEnumerator(watching.Token);
        Assert.True(await events.MoveNextAsync().AsTask().WithTimeout());

        // Act: well under the host's 30 s shutdown timeout, so waiting it out fails the test.
        var exitCode = await silo.TerminateAsync(TimeSpan.FromSeconds(15));

        // Assert
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{silo.Output}");
    }

    private static async Task<(string DropId, string Paid, string Pending)> SeedAsync(ShopClient shop, AdminClient admin)
    {
        var roomId = SiloScenario.NewId("room");
        var dropId = SiloScenario.NewId("drop");
        Assert.Equal(ResultCode.Ok, (await admin.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, Title = "proc" }).WithTimeout()).Result);
        Assert.Equal(ResultCode.Ok, (await admin.StartRoomAsync(new RoomCommand { RoomId = roomId }).WithTimeout()).Result);
        var scheduled = await admin.ScheduleDropAsync(new ScheduleDropRequest
        {
            DropId = dropId,
            RoomId = roomId,
            Title = "proc drop",
            UnitPrice = SiloScenario.UnitPrice,
            Quantity = 10,
            PerUserLimit = 1,
            OpensAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1)),
            PaymentWindowSeconds = 600,
        }).WithTimeout();
        Assert.Equal(ResultCode.Ok, scheduled.Result);
        await admin.CreditWalletAsync(new CreditWalletRequest { UserId = "proc-buyer", Amount = 20_000, Reason = "proc" }).WithTimeout();

        var bought = await shop.GrabAsync(dropId, "proc-buyer").WithTimeout();
        var paid = await shop.PayAsync(bought.Order.OrderId, "proc-buyer").WithTimeout();
        var pending = await shop.GrabAsync(dropId, "proc-waiter").WithTimeout();
        Assert.Equal(ResultCode.Ok, paid.Result);
        Assert.Equal(ResultCode.Ok, pending.Result);
        return (dropId, bought.Order.OrderId, pending.Order.OrderId);
    }
}
