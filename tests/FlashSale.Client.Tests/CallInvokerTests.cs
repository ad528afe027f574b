using System.Net;
using System.Net.Sockets;
using FlashSale.Api.V1;

namespace FlashSale.Client.Tests;

public sealed class CallInvokerTests : IAsyncLifetime
{
    private FakeGrpcServer _server = null!;
    private FlashSaleChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGrpcServer.StartAsync();
        _channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { AdminToken = "secret" });
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GrabAsync_UnaryReply_ReturnsParsedReplyAndSendsGrpcHeaders()
    {
        var shop = new ShopClient(_channel);

        var reply = await shop.GrabAsync("drop-1", "alice", quantity: 2, idempotencyKey: "key-1").WithTimeout();

        Assert.Equal(ResultCode.Ok, reply.Result);
        Assert.Equal(7, reply.Remaining);
        Assert.Equal("o-key-1", reply.Order.OrderId);
        Assert.Equal(2, reply.Order.Quantity);
        var headers = _server.SeenHeaders["/flashsale.v1.Shop/Grab"];
        Assert.Equal("application/grpc", headers.ContentType.ToString());
        Assert.Equal("trailers", headers["te"].ToString());
        Assert.Matches("^[0-9]{1,8}[HMSmun]$", headers["grpc-timeout"].ToString());
        Assert.StartsWith("flashsale-dotnet", headers.UserAgent.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrabAsync_EmptyIdempotencyKey_FillsKeyOnRequest()
    {
        var shop = new ShopClient(_channel);
        var request = new GrabRequest { DropId = "d", UserId = "u", Quantity = 1 };

        var reply = await shop.GrabAsync(request).WithTimeout();

        Assert.False(string.IsNullOrEmpty(request.IdempotencyKey));
        Assert.Equal("o-" + request.IdempotencyKey, reply.Order.OrderId);
    }

    [Fact]
    public async Task GetRoomAsync_TrailersOnlyError_ThrowsWithDecodedDetail()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => shop.GetRoomAsync(new GetRoomRequest { RoomId = "nope" }).WithTimeout());

        Assert.Equal(RpcStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("room 售罄 not found (100%)", ex.Detail);
        Assert.False(ex.IsRetriable);
    }

    [Fact]
    public async Task ClaimCouponAsync_ErrorInTrailers_ExposesRetryHint()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => shop.ClaimCouponAsync(new ClaimCouponRequest { PoolId = "p", UserId = "u" }).WithTimeout());

        Assert.Equal(RpcStatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("overloaded", ex.Detail);
        Assert.True(ex.IsRetriable);
        Assert.Equal(TimeSpan.FromMilliseconds(150), ex.RetryAfter);
    }

    [Fact]
    public async Task WatchRoom_ServerStream_YieldsEveryEventInOrder()
    {
        var shop = new ShopClient(_channel);
        var sequences = new List<long>();
        using var bound = new CancellationTokenSource(TestTimeouts.Default);

        await foreach (var e in shop.WatchRoom("room-1", "alice", bound.Token))
        {
            Assert.Equal("room-1", e.RoomId);
            sequences.Add(e.Sequence);
        }

        Assert.Equal([1L, 2L, 3L], sequences);
    }

    [Fact]
    public async Task ListRoomsAsync_SlowServer_ThrowsDeadlineExceeded()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => shop.ListRoomsAsync(options: CallOptions.WithTimeout(TimeSpan.FromMilliseconds(300))).WithTimeout());

        Assert.Equal(RpcStatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task ListRoomsAsync_CallerCancels_ThrowsCancelled()
    {
        var shop = new ShopClient(_channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => shop.ListRoomsAsync(cancellationToken: cts.Token).WithTimeout());

        Assert.Equal(RpcStatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task PayAsync_Http503WithoutGrpcStatus_MapsToUnavailable()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => shop.PayAsync("o1", "alice").WithTimeout());

        Assert.Equal(RpcStatusCode.Unavailable, ex.StatusCode);
        Assert.True(ex.IsRetriable);
    }

    [Fact]
    public async Task UnknownMethod_Http404_MapsToUnimplemented()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = "u" }).WithTimeout());

        Assert.Equal(RpcStatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task AdminCall_ChannelToken_SendsBearerAuthorization()
    {
        var admin = new AdminClient(_channel);

        var status = await admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = "d1" }).WithTimeout();

        Assert.Equal("d1", status.DropId);
        Assert.Equal("Bearer secret", status.Title);
    }

    [Fact]
    public async Task Reply_LargerThanMaxReceiveSize_ThrowsResourceExhausted()
    {
        using var small = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { MaxReceiveMessageSize = 4 });
        var shop = new ShopClient(small);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(() => shop.GrabAsync("drop-1", "alice").WithTimeout());

        Assert.Equal(RpcStatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Call_NothingListening_ThrowsUnavailable()
    {
        using var channel = FlashSaleChannel.ForAddress(new Uri($"http://127.0.0.1:{FreePort()}"));
        var shop = new ShopClient(channel);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(() => shop.ListRoomsAsync().WithTimeout());

        Assert.Equal(RpcStatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Call_ConnectTimesOut_ThrowsUnavailableNamingTheConnection()
    {
        // Arrange: the client's connect hangs until ConnectTimeout.
        using var blackhole = await Blackhole.StartAsync();
        var endpoint = blackhole.Endpoint;
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromMilliseconds(300) }) { Timeout = Timeout.InfiniteTimeSpan };
        using var channel = FlashSaleChannel.ForAddress(
            new Uri($"http://127.0.0.1:{endpoint.Port}"),
            new FlashSaleChannelOptions { HttpClient = http, DefaultTimeout = TimeSpan.FromSeconds(30) });
        var shop = new ShopClient(channel);

        // Act
        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(() => shop.ListRoomsAsync().WithTimeout());

        // Assert: not DEADLINE_EXCEEDED, since the call's own 30 s deadline did not expire.
        Assert.Equal(RpcStatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("ConnectTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_DeadlineExpiresWhileConnecting_ThrowsDeadlineExceeded()
    {
        using var blackhole = await Blackhole.StartAsync();
        using var channel = FlashSaleChannel.ForAddress(new Uri($"http://127.0.0.1:{blackhole.Endpoint.Port}"));
        var shop = new ShopClient(channel);

        var ex = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => shop.ListRoomsAsync(options: CallOptions.WithTimeout(TimeSpan.FromMilliseconds(300))).WithTimeout());

        Assert.Equal(RpcStatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Theory]
    [InlineData(4 * 1024 * 1024, 4 * 1024 * 1024 + 5)]
    [InlineData(1_000, 65_535)]
    [InlineData(64 * 1024 * 1024, 16 * 1024 * 1024)]
    public async Task Channel_AdvertisesAStreamWindowThatHoldsTheLargestAcceptedMessage(int maxReceiveMessageSize, int expectedWindow)
    {
        // Arrange: a bare TCP listener stands in for the server, to read what the client sends first.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var channel = FlashSaleChannel.ForAddress(
            new Uri($"http://127.0.0.1:{port}"),
            new FlashSaleChannelOptions { MaxReceiveMessageSize = maxReceiveMessageSize });
        var call = new ShopClient(channel).ListRoomsAsync(options: CallOptions.WithTimeout(TimeSpan.FromSeconds(5)));

        // Act: the connection preface (24 bytes), then the client's SETTINGS frame.
        using var server = await listener.AcceptTcpClientAsync().WaitAsync(TestTimeouts.Default);
        var stream = server.GetStream();
        var preface = new byte[24 + 9];
        await stream.ReadExactlyAsync(preface).AsTask().WithTimeout();
        var length = (preface[24] << 16) | (preface[25] << 8) | preface[26];
        Assert.Equal(0x4, preface[27]); // SETTINGS
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload).AsTask().WithTimeout();
        server.Close();
        await Assert.ThrowsAsync<FlashSaleRpcException>(() => call.WithTimeout());

        // Assert: SETTINGS_INITIAL_WINDOW_SIZE (0x4) is the largest message plus its 5-byte prefix,
        // within HTTP/2's 65,535 floor and SocketsHttpHandler's 16 MB cap.
        int? window = null;
        for (var i = 0; i + 6 <= payload.Length; i += 6)
        {
            if (((payload[i] << 8) | payload[i + 1]) == 0x4)
            {
                window = (payload[i + 2] << 24) | (payload[i + 3] << 16) | (payload[i + 4] << 8) | payload[i + 5];
            }
        }

        Assert.Equal(expectedWindow, window ?? 65_535);
    }

    /// <summary>A loopback listener that never accepts, its one-slot accept queue already taken: the
    /// kernel drops the next SYN, so a client's connect hangs.</summary>
    private sealed class Blackhole : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _fillers = [];

        public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

        public static async Task<Blackhole> StartAsync()
        {
            var blackhole = new Blackhole();
            blackhole._listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            blackhole._listener.Listen(0);
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                blackhole._fillers.Add(filler);
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(blackhole.Endpoint, wait.Token);
                }
                catch (OperationCanceledException)
                {
                    return blackhole;
                }
            }

            blackhole.Dispose();
            throw new InvalidOperationException("the accept queue never filled; the test cannot make a connect hang");
        }

        public void Dispose()
        {
            _fillers.ForEach(f => f.Dispose());
            _listener.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
