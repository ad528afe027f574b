using FlashSale.Api.V1;
using Grpc.Health.V1;

namespace FlashSale.Client.Tests;

public sealed class StreamingAndHealthTests : IAsyncLifetime
{
    private FakeGrpcServer _server = null!;
    private FlashSaleChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGrpcServer.StartAsync();
        _channel = FlashSaleChannel.ForAddress(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WatchRoom_CallerCancelsMidStream_ThrowsCancelledAfterFirstEvent()
    {
        var shop = new ShopClient(_channel);
        using var cts = new CancellationTokenSource(TestTimeouts.Default);
        var received = new List<long>();

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(async () =>
        {
            await foreach (var e in shop.WatchRoom("slow", "alice", cts.Token))
            {
                received.Add(e.Sequence);
                await cts.CancelAsync();
            }
        });

        Assert.Equal([1L], received);
        Assert.Equal(RpcStatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task WatchRoom_StreamingCall_GetsNoDefaultDeadline()
    {
        var shop = new ShopClient(_channel);
        using var cts = new CancellationTokenSource(TestTimeouts.Default);

        await foreach (var e in shop.WatchRoom(new WatchRoomRequest { RoomId = "room-2" }, null, cts.Token))
        {
            Assert.Equal("room-2", e.RoomId);
        }

        Assert.False(_server.SeenHeaders["/flashsale.v1.Shop/WatchRoom"].ContainsKey("grpc-timeout"));
    }

    [Fact]
    public async Task HealthCheck_ServingServer_ReturnsServing()
    {
        var health = new HealthClient(_channel);

        var reply = await health.CheckAsync().WithTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Call_DeadlineAlreadyPassed_FailsWithoutSending()
    {
        var shop = new ShopClient(_channel);
        var options = new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(-1) };

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(() => shop.GrabAsync("d", "u", options: options).WithTimeout());

        Assert.Equal(RpcStatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.False(_server.SeenHeaders.ContainsKey("/flashsale.v1.Shop/Grab"));
    }
}
