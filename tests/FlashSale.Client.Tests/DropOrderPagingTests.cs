using FlashSale.Api.V1;

namespace FlashSale.Client.Tests;

public sealed class DropOrderPagingTests
{
    [Fact]
    public async Task ListAllDropOrdersAsync_SeveralPages_FollowsEachNextPageTokenUntilEmpty()
    {
        // Arrange: 25 orders, 10 a page → pages at 0, 10, 20.
        await using var server = await PagingGrpcServer.StartAsync(orders: 25);
        using var channel = FlashSaleChannel.ForAddress(server.Address);
        var admin = new AdminClient(channel, adminToken: "secret");

        // Act
        var orders = await CollectAsync(admin.ListAllDropOrdersAsync("d", pageSize: 10));

        // Assert: every order once, in order; three requests, each carrying the previous token.
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"d/{i}"), orders.Select(o => o.OrderId));
        var requests = server.Requests.ToArray();
        Assert.Equal(["", "@10", "@20"], requests.Select(r => r.Request.PageToken));
        Assert.All(requests, r => Assert.Equal(("d", 10, "Bearer secret"), (r.Request.DropId, r.Request.PageSize, r.Authorization)));
    }

    [Fact]
    public async Task ListAllDropOrdersAsync_NoOrders_OneRequestAndNothingYielded()
    {
        await using var server = await PagingGrpcServer.StartAsync(orders: 0);
        using var channel = FlashSaleChannel.ForAddress(server.Address);

        var orders = await CollectAsync(new AdminClient(channel, "t").ListAllDropOrdersAsync("d"));

        Assert.Empty(orders);
        var request = Assert.Single(server.Requests).Request;
        Assert.Equal(1000, request.PageSize);
    }

    [Fact]
    public async Task ListAllDropOrdersAsync_LaterPageFails_YieldsTheEarlierPagesThenThrowsTheStatus()
    {
        await using var server = await PagingGrpcServer.StartAsync(orders: 25);
        server.FailingToken = "@10";
        using var channel = FlashSaleChannel.ForAddress(server.Address);
        var seen = new List<Order>();

        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(async () =>
        {
            await foreach (var order in new AdminClient(channel, "t").ListAllDropOrdersAsync("d", pageSize: 10))
            {
                seen.Add(order);
            }
        }).WithTimeout();

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(10, seen.Count);
    }

    [Fact]
    public async Task ListAllDropOrdersAsync_ServerHandsBackTheSameToken_StopsInsteadOfLoopingForever()
    {
        await using var server = await PagingGrpcServer.StartAsync(orders: 25);
        server.StuckToken = "@10";
        using var channel = FlashSaleChannel.ForAddress(server.Address);

        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(() => CollectAsync(new AdminClient(channel, "t").ListAllDropOrdersAsync("d", pageSize: 10)));

        Assert.Equal(RpcStatusCode.Internal, error.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    private static async Task<List<Order>> CollectAsync(IAsyncEnumerable<Order> orders)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var list = new List<Order>();
        await foreach (var order in orders.WithCancellation(timeout.Token))
        {
            list.Add(order);
        }

        return list;
    }
}
