using System.Collections.Concurrent;
using FlashSale.Api.V1;

namespace FlashSale.Client.Tests;

/// <summary>Balanced channels (several addresses, or dns:///) against three fake silos on real Kestrel,
/// each counting the calls it received: the spread, a stopped silo dropping out, its return on the same
/// port, and a retried UNAVAILABLE that must not make a second order.</summary>
public sealed class BalancedChannelTests : IAsyncLifetime
{
    private const string ListRooms = "/flashsale.v1.Shop/ListRooms";

    private readonly List<FakeSilo> _silos = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _silos.Add(await FakeSilo.StartAsync());
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task ForAddresses_ThreeSilos_SpreadsCallsEvenlyOverAll()
    {
        // Arrange
        using var channel = FlashSaleChannel.ForAddresses([.. _silos.Select(s => s.Address)]);
        var shop = new ShopClient(channel);
        await WarmUpAsync(shop, _silos);
        var before = Counts(_silos);

        // Act: 60 calls one after the other, once every subchannel is ready.
        for (var i = 0; i < 60; i++)
        {
            await shop.ListRoomsAsync().WithTimeout();
        }

        // Assert: round robin gives each silo a third (a little slack for a subchannel that reconnects).
        var received = Counts(_silos).Zip(before, (after, b) => after - b).ToArray();
        Assert.True(channel.IsBalanced);
        Assert.Equal(60, received.Sum());
        Assert.All(received, n => Assert.InRange(n, 15, 25));
    }

    [Fact]
    public async Task ForAddresses_SiloStoppedUnderLoad_DropsOutAndEveryCallSucceedsOnTheOthers()
    {
        // Arrange: 8 callers in parallel, so calls are in flight and being picked when the silo goes.
        using var channel = FlashSaleChannel.ForAddresses([.. _silos.Select(s => s.Address)]);
        var shop = new ShopClient(channel);
        await WarmUpAsync(shop, _silos);
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var calls = 0;
            while (!stop.IsCancellationRequested)
            {
                await shop.ListRoomsAsync(options: FlashSaleCallOptions.WithTimeout(TimeSpan.FromSeconds(10)));
                calls++;
            }

            return calls;
        })).ToArray();
        await Task.Delay(300);

        // Act: stop one silo mid-load, keep calling for a while, then stop the callers.
        var stopped = _silos[1];
        await stopped.DisposeAsync();
        _silos.RemoveAt(1);
        var atStop = Counts(_silos);
        await Task.Delay(1_000);
        await stop.CancelAsync();
        var calls = await Task.WhenAll(callers).WithTimeout();

        // Assert: no caller saw an error (WhenAll would have thrown) and both live silos kept serving.
        var after = Counts(_silos).Zip(atStop, (a, b) => a - b).ToArray();
        Assert.True(calls.Sum() > 0);
        Assert.All(after, n => Assert.True(n >= 10, $"a live silo got only {n} calls after the stop"));
    }

    [Fact]
    public async Task ForAddresses_StoppedSiloRestartedOnItsPort_RejoinsTheRotation()
    {
        // Arrange: a short reconnect back-off, so the test need not wait for the default 5 s cap.
        var options = new FlashSaleChannelOptions { MaxReconnectBackoff = TimeSpan.FromMilliseconds(300) };
        using var channel = FlashSaleChannel.ForAddresses([.. _silos.Select(s => s.Address)], options);
        var shop = new ShopClient(channel);
        await WarmUpAsync(shop, _silos);
        var port = _silos[2].Address.Port;
        await _silos[2].DisposeAsync();
        for (var i = 0; i < 10; i++)
        {
            await shop.ListRoomsAsync().WithTimeout();
        }

        // Act
        _silos[2] = await FakeSilo.StartAsync(port);
        var rejoined = false;
        for (var i = 0; i < 400 && !rejoined; i++)
        {
            await shop.ListRoomsAsync().WithTimeout();
            rejoined = _silos[2].CallsOf(ListRooms).Length > 0;
            await Task.Delay(10);
        }

        // Assert
        Assert.True(rejoined, "the restarted silo received no call within 400 calls (~4 s)");
    }

    [Fact]
    public async Task GrabAsync_UnavailableAfterTheOrderWasBooked_RetryWithTheSameKeyYieldsOneOrder()
    {
        // Arrange: the silos share one order book, as a cluster's silos share the drop grain; every silo
        // books the first attempt it sees, then fails it as a silo that dies before replying would.
        var orders = new ConcurrentDictionary<string, Order>();
        foreach (var silo in _silos)
        {
            silo.Shop.Orders = orders;
            silo.Shop.FailAfterBooking = n => n == 1;
        }

        using var channel = FlashSaleChannel.ForAddresses([.. _silos.Select(s => s.Address)]);
        var shop = new ShopClient(channel);
        var request = new GrabRequest { DropId = "d", UserId = "u", Quantity = 1 };

        // Act: retries are on by default for a balanced channel.
        var reply = await shop.GrabAsync(request).WithTimeout();

        // Assert: at least one UNAVAILABLE was retried, every attempt carried the caller's key, one order.
        var attempts = _silos.SelectMany(s => s.CallsOf("/flashsale.v1.Shop/Grab")).ToArray();
        Assert.True(attempts.Length >= 2, $"{attempts.Length} attempt(s)");
        Assert.All(attempts, a => Assert.Equal(request.IdempotencyKey, ((GrabRequest)a.Request).IdempotencyKey));
        Assert.Equal(ResultCode.Ok, reply.Result);
        var booked = Assert.Single(orders);
        Assert.Equal(booked.Value.OrderId, reply.Order.OrderId);
    }

    [Fact]
    public async Task GrabAsync_RetryNone_SurfacesUnavailableOnABalancedChannel()
    {
        // The switch that turns the balanced default off really does.
        foreach (var silo in _silos)
        {
            silo.Shop.GrabScript = _ => new ScriptedFailure(StatusCode.Unavailable);
        }

        using var channel = FlashSaleChannel.ForAddresses([.. _silos.Select(s => s.Address)], new FlashSaleChannelOptions { Retry = RetryOptions.None });

        var error = await Assert.ThrowsAsync<RpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Single(_silos.SelectMany(s => s.CallsOf("/flashsale.v1.Shop/Grab")));
    }

    [Fact]
    public async Task ForTarget_DnsLocalhost_ResolvesAndCallsTheSilo()
    {
        // localhost may also resolve to ::1, where nothing listens: that subchannel fails and drops out.
        var port = _silos[0].Address.Port;
        using var channel = FlashSaleChannel.ForTarget($"dns:///localhost:{port}");

        for (var i = 0; i < 5; i++)
        {
            await new ShopClient(channel).ListRoomsAsync().WithTimeout();
        }

        Assert.True(channel.IsBalanced);
        Assert.Equal(5, _silos[0].CallsOf(ListRooms).Length);
    }

    [Fact]
    public void ForAddresses_OneAddress_IsThePlainChannelWithoutRetries()
    {
        using var channel = FlashSaleChannel.ForAddresses([_silos[0].Address]);

        Assert.False(channel.IsBalanced);
        Assert.Equal(_silos[0].Address, channel.Address);
    }

    [Fact]
    public void ForAddresses_WithSuppliedHttpClient_IsRefused()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => FlashSaleChannel.ForAddresses(
            [_silos[0].Address, _silos[1].Address], new FlashSaleChannelOptions { HttpClient = http }));
    }

    /// <summary>Calls until every silo has answered one, so the round robin runs over all of them.</summary>
    private static async Task WarmUpAsync(ShopClient shop, IReadOnlyList<FakeSilo> silos)
    {
        for (var i = 0; i < 300 && silos.Any(s => s.CallsOf(ListRooms).Length == 0); i++)
        {
            await shop.ListRoomsAsync().WithTimeout();
            await Task.Delay(5);
        }

        Assert.All(silos, s => Assert.NotEmpty(s.CallsOf(ListRooms)));
    }

    private static int[] Counts(IEnumerable<FakeSilo> silos) => [.. silos.Select(s => s.CallsOf(ListRooms).Length)];
}
