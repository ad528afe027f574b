using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>A loopback TCP proxy in front of redis-server that holds back Redis's replies on a
/// connection that subscribes (a client's subscription connection) for its first
/// <see cref="Hold"/>, so that connection is still coming up while the client's other one already
/// works. Other connections pass through untouched.</summary>
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

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_upstream, _stop.Token);
                lock (_pumps)
                {
                    _pumps.Add(ServeAsync(client, server));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }
    }

    private async Task ServeAsync(TcpClient client, TcpClient server)
    {
        using (client)
        using (server)
        {
            var subscribes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var opened = DateTime.UtcNow;
            var up = PumpAsync(client.GetStream(), server.GetStream(), chunk =>
            {
                if (Encoding.ASCII.GetString(chunk).Contains("SUBSCRIBE", StringComparison.OrdinalIgnoreCase))
                {
                    subscribes.TrySetResult();
                }

                return Task.CompletedTask;
            });
            var down = PumpAsync(server.GetStream(), client.GetStream(), async _ =>
            {
                var wait = opened + Hold - DateTime.UtcNow;
                if (subscribes.Task.IsCompleted && wait > TimeSpan.Zero)
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
