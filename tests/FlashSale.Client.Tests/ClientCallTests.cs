using System.Net;
using System.Net.Sockets;
using FlashSale.Api.V1;

namespace FlashSale.Client.Tests;

/// <summary>The typed clients over grpc-dotnet against a fake silo: replies, headers, statuses,
/// deadlines, cancellation, sizes and connection failures.</summary>
public sealed class ClientCallTests : IAsyncLifetime
{
    private FakeSilo _server = null!;
    private FlashSaleChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSilo.StartAsync();
        _channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { AdminToken = "secret" });
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GrabAsync_UnaryReply_ReturnsParsedReplyUnderTheDefaultDeadline()
    {
        var shop = new ShopClient(_channel);

        var reply = await shop.GrabAsync("drop-1", "alice", quantity: 2, idempotencyKey: "key-1").WithTimeout();

        Assert.Equal(ResultCode.Ok, reply.Result);
        Assert.Equal(7, reply.Remaining);
        Assert.Equal("o-key-1", reply.Order.OrderId);
        Assert.Equal(2, reply.Order.Quantity);
        var call = Assert.Single(_server.CallsOf("/flashsale.v1.Shop/Grab"));
        Assert.Equal("key-1", ((GrabRequest)call.Request).IdempotencyKey);
        Assert.Equal("application/grpc", call.Header("content-type"));
        // The channel's default deadline (30 s) travels as grpc-timeout; shop calls carry no admin token.
        Assert.InRange(GrpcTimeout(call.Header("grpc-timeout")), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.Equal(string.Empty, call.Header("authorization"));
    }

    [Fact]
    public async Task GrabAsync_DefaultTimeoutNull_SendsNoDeadline()
    {
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { DefaultTimeout = null });

        await new ShopClient(channel).GrabAsync("drop-1", "alice").WithTimeout();

        Assert.Equal(string.Empty, Assert.Single(_server.CallsOf("/flashsale.v1.Shop/Grab")).Header("grpc-timeout"));
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
    public async Task GetRoomAsync_NotFound_ThrowsRpcExceptionWithTheDetail()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => shop.GetRoomAsync(new GetRoomRequest { RoomId = "nope" }).WithTimeout());

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("room 售罄 not found (100%)", ex.Status.Detail);
        Assert.False(ex.IsRetriable());
        Assert.Null(ex.RetryAfter());
    }

    [Fact]
    public async Task ClaimCouponAsync_ErrorWithPushbackTrailer_ExposesRetryHint()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => shop.ClaimCouponAsync(new ClaimCouponRequest { PoolId = "p", UserId = "u" }).WithTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("overloaded", ex.Status.Detail);
        Assert.True(ex.IsRetriable());
        Assert.Equal("150", ex.Trailers.GetValue("grpc-retry-pushback-ms"));
        Assert.Equal(TimeSpan.FromMilliseconds(150), ex.RetryAfter());
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
        Assert.Equal("alice", ((WatchRoomRequest)Assert.Single(_server.CallsOf("/flashsale.v1.Shop/WatchRoom")).Request).UserId);
    }

    [Fact]
    public async Task UnaryCall_SlowServer_ThrowsDeadlineExceededAtTheTimeout()
    {
        var shop = new ShopClient(_channel);
        var started = DateTime.UtcNow;

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = "u" }, FlashSaleCallOptions.WithTimeout(TimeSpan.FromMilliseconds(300))).WithTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.NotEqual(string.Empty, Assert.Single(_server.CallsOf("/flashsale.v1.Shop/ListMyOrders")).Header("grpc-timeout"));
    }

    [Fact]
    public async Task UnaryCall_ChannelDefaultTimeout_AppliesWhenTheCallSetsNone()
    {
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { DefaultTimeout = TimeSpan.FromMilliseconds(300) });

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => new ShopClient(channel).ListMyOrdersAsync(new ListMyOrdersRequest { UserId = "u" }).WithTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_CallerCancels_ThrowsCancelled()
    {
        var shop = new ShopClient(_channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = "u" }, cancellationToken: cts.Token).WithTimeout());

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task PayAsync_Http503WithoutGrpcStatus_MapsToUnavailable()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => shop.PayAsync("o1", "alice").WithTimeout());

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.True(ex.IsRetriable());
    }

    [Fact]
    public async Task UnimplementedMethod_ThrowsUnimplemented()
    {
        var shop = new ShopClient(_channel);

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = "u" }).WithTimeout());

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
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
    public async Task AdminCall_ConstructorTokenOrCallHeader_WinsOverTheChannelToken()
    {
        var byConstructor = await new AdminClient(_channel, "other").GetDropStatusAsync(new GetDropStatusRequest { DropId = "d1" }).WithTimeout();
        var byHeader = await new AdminClient(_channel).GetDropStatusAsync(
            new GetDropStatusRequest { DropId = "d1" },
            new FlashSaleCallOptions { Headers = [new("authorization", "Bearer per-call")] }).WithTimeout();

        Assert.Equal("Bearer other", byConstructor.Title);
        Assert.Equal("Bearer per-call", byHeader.Title);
    }

    [Fact]
    public async Task AdminCall_NoToken_SendsNoAuthorization()
    {
        using var channel = FlashSaleChannel.ForAddress(_server.Address);

        var status = await new AdminClient(channel).GetDropStatusAsync(new GetDropStatusRequest { DropId = "d1" }).WithTimeout();

        Assert.Equal(string.Empty, status.Title);
    }

    [Fact]
    public async Task Reply_LargerThanMaxReceiveSize_ThrowsResourceExhausted()
    {
        using var small = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { MaxReceiveMessageSize = 4 });
        var shop = new ShopClient(small);

        var ex = await Assert.ThrowsAsync<RpcException>(() => shop.GrabAsync("drop-1", "alice").WithTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Call_NothingListening_ThrowsUnavailable()
    {
        using var channel = FlashSaleChannel.ForAddress(new Uri($"http://127.0.0.1:{FreePort()}"));
        var shop = new ShopClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => shop.ListRoomsAsync().WithTimeout());

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Call_NothingListeningWithRetries_RetriesThenThrowsUnavailable()
    {
        using var channel = FlashSaleChannel.ForAddress(
            new Uri($"http://127.0.0.1:{FreePort()}"),
            new FlashSaleChannelOptions { Retry = RetryOptions.Default with { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) } });

        var ex = await Assert.ThrowsAsync<RpcException>(() => new ShopClient(channel).ListRoomsAsync().WithTimeout());

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Call_ConnectTimesOut_ThrowsUnavailable()
    {
        // Arrange: the client's connect hangs until ConnectTimeout.
        using var blackhole = await Blackhole.StartAsync();
        using var channel = FlashSaleChannel.ForAddress(
            new Uri($"http://127.0.0.1:{blackhole.Endpoint.Port}"),
            new FlashSaleChannelOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300), DefaultTimeout = TimeSpan.FromSeconds(30) });
        var shop = new ShopClient(channel);
        var started = DateTime.UtcNow;

        // Act
        var ex = await Assert.ThrowsAsync<RpcException>(() => shop.ListRoomsAsync().WithTimeout());

        // Assert: not DEADLINE_EXCEEDED, since the call's own 30 s deadline did not expire.
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the connect timeout did not apply");
    }

    [Fact]
    public async Task Call_DeadlineExpiresWhileConnecting_ThrowsDeadlineExceeded()
    {
        using var blackhole = await Blackhole.StartAsync();
        using var channel = FlashSaleChannel.ForAddress(new Uri($"http://127.0.0.1:{blackhole.Endpoint.Port}"));
        var shop = new ShopClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => shop.ListRoomsAsync(options: FlashSaleCallOptions.WithTimeout(TimeSpan.FromMilliseconds(300))).WithTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
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
        var call = new ShopClient(channel).ListRoomsAsync(options: FlashSaleCallOptions.WithTimeout(TimeSpan.FromSeconds(5)));

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
        await Assert.ThrowsAsync<RpcException>(() => call.WithTimeout());

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

    /// <summary>A <c>grpc-timeout</c> header value (e.g. <c>29999m</c>) as a span.</summary>
    private static TimeSpan GrpcTimeout(string header)
    {
        Assert.Matches("^[0-9]{1,8}[HMSmun]$", header);
        var amount = long.Parse(header.AsSpan(0, header.Length - 1), System.Globalization.CultureInfo.InvariantCulture);
        return header[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            _ => TimeSpan.FromTicks(amount / 100),
        };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
