using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using FlashSale.Silo.Redis;
using FlashSale.Silo.Services.Health;
using FlashSale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>One "silo" worth of Redis plumbing without the rest of the silo: a connection, its
/// health and a room event bus.</summary>
internal sealed class RedisTestBus : IAsyncDisposable
{
    private RedisTestBus(string configuration)
    {
        Connection = new RedisConnection(configuration, Health, NullLogger<RedisConnection>.Instance);
        Bus = new RedisRoomEventBus(Connection, TimeProvider.System, NullLogger<RedisRoomEventBus>.Instance);
    }

    public HealthService Health { get; } = new();

    public RedisConnection Connection { get; }

    public RedisRoomEventBus Bus { get; }

    public static async Task<RedisTestBus> StartAsync(string configuration, bool waitForSubscription = true)
    {
        var bus = new RedisTestBus(configuration);
        await bus.Connection.StartAsync(CancellationToken.None).WithTimeout();
        await bus.Bus.StartAsync(CancellationToken.None).WithTimeout();
        if (waitForSubscription)
        {
            await WaitUntilAsync(() => bus.Bus.IsSubscribed, "the bus listens on Redis");
        }

        return bus;
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.StopAsync(CancellationToken.None);
        Connection.Dispose();
    }

    public static RoomEvent Live(string roomId) => new() { RoomId = roomId, Live = new RoomLive() };

    /// <summary>Reads the next event or fails after <paramref name="timeout"/>, naming <paramref name="what"/>.</summary>
    public static async Task<RoomEvent> NextAsync(IAsyncEnumerator<RoomEvent> events, TimeSpan? timeout = null, string what = "the next event")
    {
        bool more;
        try
        {
            more = await events.MoveNextAsync().AsTask().WithTimeout(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not arrive within {(timeout ?? TestTimeouts.Default).TotalSeconds:0} s");
        }

        Assert.True(more, "the watcher's stream ended");
        return events.Current;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Default);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
