using FlashSale.Api.V1;

namespace FlashSale.Client.Tests;

public sealed class DropOrderPagingTests
{
    [Fact]
    public async Task ListAllDropOrdersAsync_SeveralPages_FollowsEachNextPageTokenUntilEmpty()
    {
        // Arrange: 25 orders, 10 a page → pages at 0, 10, 20.
        await using var server = await FakeSilo.StartAsync();
        server.Admin.OrderCount = 25;
        using var channel = FlashSaleChannel.ForAddress(server.Address);
        var admin = new AdminClient(channel, adminToken: "secret");

        // Act
        var orders = await CollectAsync(admin.ListAllDropOrdersAsync("d", pageSize: 10));

        // Assert: every order once, in order; three requests, each carrying the previous token.
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"d/{i}"), orders.Select(o => o.OrderId));
        var requests = Requests(server);
        Assert.Equal(["", "@10", "@20"], requests.Select(r => r.Request.PageToken));
        Assert.All(requests, r => Assert.Equal(("d", 10, "Bearer secret"), (r.Request.DropId, r.Request.PageSize, r.Authorization)));
    }

    [Fact]
    public async Task ListAllDropOrdersAsync_NoOrders_OneRequestAndNothingYielded()
    {
        await using var server = await FakeSilo.StartAsync();
        server.Admin.OrderCount = 0;
        using var channel = FlashSaleChannel.ForAddress(server.Address);

        var orders = await CollectAsync(new AdminClient(channel, "t").ListAllDropOrdersAsync("d"));

        Assert.Empty(orders);
        var request = Assert.Single(Requests(server)).Request;
        Assert.Equal(1000, request.PageSize);
    }

    [Fact]
    public async Task ListAllDropOrdersAsync_LaterPageFails_YieldsTheEarlierPagesThenThrowsTheStatus()
    {
        await using var server = await FakeSilo.StartAsync();
        server.Admin.OrderCount = 25;
        server.Admin.FailingToken = "@10";
        using var channel = FlashSaleChannel.ForAddress(server.Address);
        var seen = new List<Order>();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var order in new AdminClient(channel, "t").ListAllDropOrdersAsync("d", pageSize: 10))
            {
                seen.Add(order);
            }
        }).WithTimeout();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(10, seen.Count);
    }

    [Fact]
    public async Task ListAllDropOrdersAsync_ServerHandsBackTheSameToken_StopsInsteadOfLoopingForever()
    {
        await using var server = await FakeSilo.StartAsync();
        server.Admin.OrderCount = 25;
        server.Admin.StuckToken = "@10";
        using var channel = FlashSaleChannel.ForAddress(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => CollectAsync(new AdminClient(channel, "t").ListAllDropOrdersAsync("d", pageSize: 10)));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(2, Requests(server).Length);
    }

    private static (ListDropOrdersRequest Request, string Authorization)[] Requests(FakeSilo server) =>
        [.. server.CallsOf("/flashsale.v1.Admin/ListDropOrders").Select(c => ((ListDropOrdersRequest)c.Request, c.Header("authorization")))];

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
