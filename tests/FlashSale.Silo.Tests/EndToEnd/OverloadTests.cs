using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class OverloadTests
{
    private const int Units = 200;
    private const int Shoppers = 1_500;

    [Fact]
    public async Task Grab_BurstPastSmallMailbox_FailsFastWithResourceExhaustedAndEveryOkIsARealOrder()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { MailboxCapacity = 8 });
        var (roomId, dropId) = await silo.OpenDropAsync(Units);
        var clients = Enumerable.Range(0, 4).Select(_ => new ShopClient(silo.CreateChannel())).ToArray();
        await Task.WhenAll(clients.Select(c => c.GetRoomAsync(new GetRoomRequest { RoomId = roomId }))).WithTimeout();

        // Act
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Shoppers).Select(async i =>
        {
            await gate.Task;
            try
            {
                return (Reply: await clients[i % clients.Length].GrabAsync(dropId, $"burst-{i}"), Error: (RpcException?)null);
            }
            catch (RpcException error)
            {
                return (Reply: (GrabReply?)null, Error: error);
            }
        }).ToArray();
        gate.SetResult();
        var outcomes = await Task.WhenAll(calls).WithTimeout(TimeSpan.FromSeconds(60));

        // Assert: overload shows up as fast RESOURCE_EXHAUSTED, never as another error.
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToList();
        Assert.All(errors, e => Assert.True(e.StatusCode == StatusCode.ResourceExhausted, $"{e.StatusCode}: {e.Status.Detail}"));
        // The standard pushback trailer tells the client when to retry.
        Assert.All(errors, e => Assert.Equal("50", e.Trailers.GetValue("grpc-retry-pushback-ms")));
        Assert.NotEmpty(errors);
        var replies = outcomes.Where(o => o.Reply is not null).Select(o => o.Reply!).ToList();
        Assert.All(replies, r => Assert.True(r.Result is ResultCode.Ok or ResultCode.SoldOut, r.Result.ToString()));

        var ok = replies.Where(r => r.Result == ResultCode.Ok).ToList();
        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal(ok.Count, status.Sold + status.Reserved);
        Assert.Equal(Units, status.Sold + status.Reserved + status.Remaining);
        var orders = await silo.Admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout();
        Assert.Equal(ok.Select(r => r.Order.OrderId).Order(), orders.Orders.Select(o => o.OrderId).Order());
    }
}
