using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FlashSale.Api.V1;
using Grpc.Net.Client;

namespace FlashSale.Client.Tests;

/// <summary>A call whose HEADERS cross a stopping server's GOAWAY (NO_ERROR) on the wire: the
/// server then closes the connection without answering it. Through the client library's channel
/// that is UNAVAILABLE (retried with the same idempotency key); through a bare grpc-dotnet channel it
/// is INTERNAL, the status the rolling-restart test once saw.</summary>
public sealed class ServerClosedConnectionTests : IAsyncLifetime
{
    private static readonly RetryOptions Fast = RetryOptions.Default with { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    private FakeSilo _server = null!;
    private GoingAwayFront _front = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSilo.StartAsync();
        _front = GoingAwayFront.Start(_server.Address, goingAwayConnections: 1);
    }

    public async Task DisposeAsync()
    {
        await _front.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Grab_ConnectionClosedWithNoErrorBeforeAnswer_IsUnavailableWithItsReason()
    {
        // Arrange
        using var channel = FlashSaleChannel.ForAddress(_front.Address, new FlashSaleChannelOptions { Retry = RetryOptions.None });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        // Assert: the call never reached the silo, and the front did close a connection on it.
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(ServerClosedConnectionHandler.Message, error.Status.Detail);
        Assert.Equal(1, _front.WentAway);
        Assert.Empty(_server.CallsOf("/flashsale.v1.Shop/Grab"));
    }

    [Fact]
    public async Task Grab_WithRetries_IsRetriedOnANewConnectionAndSucceedsOnce()
    {
        // Arrange
        using var channel = FlashSaleChannel.ForAddress(_front.Address, new FlashSaleChannelOptions { Retry = Fast });
        var request = new GrabRequest { DropId = "d", UserId = "u", Quantity = 1 };

        // Act
        var reply = await new ShopClient(channel).GrabAsync(request).WithTimeout();

        // Assert: one attempt went away with its connection, the retry reached the silo with the caller's key.
        Assert.Equal(ResultCode.Ok, reply.Result);
        Assert.Equal(1, _front.WentAway);
        var attempts = _server.CallsOf("/flashsale.v1.Shop/Grab");
        Assert.Single(attempts);
        Assert.Equal(request.IdempotencyKey, ((GrabRequest)attempts[0].Request).IdempotencyKey);
    }

    [Fact]
    public async Task Grab_OnABareGrpcDotnetChannel_IsInternal_WhichIsWhyTheClientTranslatesIt()
    {
        // Arrange: the same front, grpc-dotnet without the client library's handler.
        using var channel = GrpcChannel.ForAddress(_front.Address);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => new Shop.ShopClient(channel).GrabAsync(new GrabRequest { DropId = "d", UserId = "u", Quantity = 1, IdempotencyKey = "k" }).ResponseAsync.WithTimeout());

        // Assert
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("NO_ERROR", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _front.WentAway);
    }

    [Fact]
    public void IsGracefulClose_OnlyForNoError()
    {
        static HttpRequestException Closed(long code) =>
            new(HttpRequestError.HttpProtocolError, "closed", new HttpProtocolException(code, "closed", null));

        Assert.True(ServerClosedConnectionHandler.IsGracefulClose(Closed(0)));
        Assert.False(ServerClosedConnectionHandler.IsGracefulClose(Closed(0x2))); // INTERNAL_ERROR
        Assert.False(ServerClosedConnectionHandler.IsGracefulClose(Closed(0x8))); // CANCEL
        Assert.False(ServerClosedConnectionHandler.IsGracefulClose(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException())));
    }

    /// <summary>A loopback front for a real server. Its first <c>goingAwayConnections</c> connections
    /// behave like a server that started stopping just as a request arrived: it reads the client's
    /// preface and first HEADERS frame, answers with its SETTINGS and GOAWAY(last stream = that
    /// stream, NO_ERROR) and closes the connection. Later connections are piped to the server.</summary>
    private sealed class GoingAwayFront : IAsyncDisposable
    {
        private const byte Headers = 0x1;
        private const byte Settings = 0x4;
        private const byte GoAway = 0x7;
        private const int ClientPrefaceLength = 24;

        private readonly TcpListener _listener;
        private readonly IPEndPoint _backend;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _goingAway;
        private int _wentAway;

        private GoingAwayFront(Uri backend, int goingAwayConnections)
        {
            _backend = new IPEndPoint(IPAddress.Loopback, backend.Port);
            _goingAway = goingAwayConnections;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _accepting = AcceptAsync();
        }

        public Uri Address { get; }

        /// <summary>Connections closed with GOAWAY after their first request's HEADERS.</summary>
        public int WentAway => Volatile.Read(ref _wentAway);

        public static GoingAwayFront Start(Uri backend, int goingAwayConnections) => new(backend, goingAwayConnections);

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = Interlocked.Decrement(ref _goingAway) >= 0 ? GoAwayAsync(client) : PipeAsync(client);
            }
        }

        private async Task GoAwayAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                await ReadExactlyAsync(stream, ClientPrefaceLength);
                int streamId;
                while (true)
                {
                    var header = await ReadExactlyAsync(stream, 9);
                    var length = (header[0] << 16) | (header[1] << 8) | header[2];
                    var type = header[3];
                    streamId = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7FFF_FFFF;
                    await ReadExactlyAsync(stream, length);
                    if (type == Headers)
                    {
                        break;
                    }
                }

                var goAway = new byte[8];
                BinaryPrimitives.WriteInt32BigEndian(goAway, streamId);
                BinaryPrimitives.WriteInt32BigEndian(goAway.AsSpan(4), 0); // NO_ERROR
                await stream.WriteAsync(Frame(Settings, 0, []));
                await stream.WriteAsync(Frame(Settings, 0x1, [])); // ACK of the client's SETTINGS
                await stream.WriteAsync(Frame(GoAway, 0, goAway));
                await stream.FlushAsync();
                Interlocked.Increment(ref _wentAway);
                client.Client.Shutdown(SocketShutdown.Both);
            }
        }

        private async Task PipeAsync(TcpClient client)
        {
            using (client)
            using (var backend = new TcpClient())
            {
                await backend.ConnectAsync(_backend, _stop.Token);
                var up = client.GetStream().CopyToAsync(backend.GetStream(), _stop.Token);
                var down = backend.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(up, down);
            }
        }

        private static byte[] Frame(byte type, byte flags, byte[] payload)
        {
            var frame = new byte[9 + payload.Length];
            frame[0] = (byte)(payload.Length >> 16);
            frame[1] = (byte)(payload.Length >> 8);
            frame[2] = (byte)payload.Length;
            frame[3] = type;
            frame[4] = flags;
            payload.CopyTo(frame, 9);
            return frame;
        }

        private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count)
        {
            var buffer = new byte[count];
            await stream.ReadExactlyAsync(buffer).AsTask().WithTimeout();
            return buffer;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _accepting;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }
    }
}
