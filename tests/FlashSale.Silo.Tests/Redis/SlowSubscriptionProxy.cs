using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>A loopback TCP proxy in front of redis-server that holds back Redis's replies on the
/// first connection that subscribes (a client's subscription connection) for <see cref="Hold"/>
/// after its first SUBSCRIBE, so that connection is still coming up while the client's other one
/// already works. Other connections, and any later subscription connection (the client's next try
/// after giving up on the held one), pass through untouched.</summary>
internal sealed class SlowSubscriptionProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;

    public SlowSubscriptionProxy(int upstreamPort, TimeSpan hold)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        Hold = hold;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public TimeSpan Hold { get; }

    public string Configuration => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections whose replies were held back.</summary>
    public int Held;

    private int _holdClaimed;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_pumps)
                {
                    _pumps.Add(ServeAsync(client));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_upstream, _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                return; // the client sees its connection close and tries again
            }

            long subscribedAt = 0; // ticks of the first SUBSCRIBE seen on this connection
            var up = PumpAsync(client.GetStream(), server.GetStream(), chunk =>
            {
                if (Interlocked.Read(ref subscribedAt) == 0 && Encoding.ASCII.GetString(chunk).Contains("SUBSCRIBE", StringComparison.OrdinalIgnoreCase)
                    && Interlocked.CompareExchange(ref _holdClaimed, 1, 0) == 0)
                {
                    Interlocked.Exchange(ref subscribedAt, DateTime.UtcNow.Ticks);
                }

                return Task.CompletedTask;
            });
            var down = PumpAsync(server.GetStream(), client.GetStream(), async _ =>
            {
                var since = Interlocked.Read(ref subscribedAt);
                var wait = since == 0 ? TimeSpan.Zero : new DateTime(since, DateTimeKind.Utc) + Hold - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    Interlocked.Increment(ref Held);
                    await Task.Delay(wait, _stop.Token);
                }
            });
            await Task.WhenAny(up, down);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Func<byte[], Task> beforeForwarding)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                await beforeForwarding(buffer[..read]);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // a side closed, or stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
