using FlashSale.Api.V1;
using Grpc.Health.V1;

namespace FlashSale.Client.Tests;

public sealed class StreamingAndHealthTests : IAsyncLifetime
{
    private FakeSilo _server = null!;
    private FlashSaleChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSilo.StartAsync();
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

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var e in shop.WatchRoom("slow", "alice", cts.Token))
            {
                received.Add(e.Sequence);
                await cts.CancelAsync();
            }
        });

        Assert.Equal([1L], received);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
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

        Assert.Equal(string.Empty, Assert.Single(_server.CallsOf("/flashsale.v1.Shop/WatchRoom")).Header("grpc-timeout"));
    }

    [Fact]
    public async Task HealthCheck_ServingServer_ReturnsServing()
    {
        var health = new HealthClient(_channel);

        var reply = await health.CheckAsync().WithTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task HealthWatch_ServingServer_YieldsServingFirst()
    {
        var health = new HealthClient(_channel);
        using var cts = new CancellationTokenSource(TestTimeouts.Default);

        await using var updates = health.Watch(cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, updates.Current.Status);
    }

    [Fact]
    public async Task Call_DeadlineAlreadyPassed_FailsWithoutSending()
    {
        var shop = new ShopClient(_channel);
        var options = new FlashSaleCallOptions { Deadline = DateTime.UtcNow.AddSeconds(-1) };

        var ex = await Assert.ThrowsAsync<RpcException>(() => shop.GrabAsync("d", "u", options: options).WithTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Empty(_server.CallsOf("/flashsale.v1.Shop/Grab"));
    }
}
