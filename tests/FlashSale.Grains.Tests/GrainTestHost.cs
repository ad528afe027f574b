using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using FlashSale.Runtime;
using FlashSale.Runtime.Hosting;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Grains.Tests;

/// <summary>The real engine with the FlashSale grains, fake time and in-memory (or SQLite) storage.</summary>
internal sealed class GrainTestHost : IAsyncDisposable
{
    private readonly GrainRuntimeHost _host;

    private GrainTestHost(GrainRuntimeHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IGrainFactory Grains => _host.GrainFactory;

    public IServiceProvider Services => _host.Services;

    public IRoomEventBus Events => _host.Services.GetRequiredService<IRoomEventBus>();

    public DateTimeOffset Now => Time.GetUtcNow();

    public static async Task<GrainTestHost> StartAsync(FakeTimeProvider? time = null, string? sqlitePath = null, bool serializeCalls = false)
    {
        var clock = time ?? new FakeTimeProvider();
        var host = await GrainRuntimeHost.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            var builder = services.AddGrainRuntime(o => o.SerializeLocalCalls = serializeCalls).AddFlashSaleGrains();
            if (sqlitePath is null)
            {
                builder.UseInMemoryStorage();
            }
            else
            {
                builder.UseSqliteStorage(sqlitePath);
            }
        }).WithTimeout();
        return new GrainTestHost(host, clock);
    }

    public IDropGrain Drop(string id) => Grains.GetGrain<IDropGrain>(id);

    public IShopperGrain Shopper(string id) => Grains.GetGrain<IShopperGrain>(id);

    public IWalletGrain Wallet(string id) => Grains.GetGrain<IWalletGrain>(id);

    public ICouponPoolGrain Pool(string id) => Grains.GetGrain<ICouponPoolGrain>(id);

    public ILiveRoomGrain Room(string id) => Grains.GetGrain<ILiveRoomGrain>(id);

    /// <summary>Schedules a drop that is already open (unless told otherwise).</summary>
    public async Task<DropStatus> ScheduleDropAsync(
        string dropId,
        int quantity = 10,
        int perUserLimit = 0,
        long unitPrice = 10_000,
        TimeSpan? opensIn = null,
        TimeSpan? closesIn = null,
        int paymentWindowSeconds = 0,
        string roomId = "room-1",
        Action<ScheduleDropRequest>? configure = null)
    {
        var request = new ScheduleDropRequest
        {
            DropId = dropId,
            RoomId = roomId,
            Title = "Tea set " + dropId,
            UnitPrice = unitPrice,
            Quantity = quantity,
            PerUserLimit = perUserLimit,
            OpensAt = Timestamp.FromDateTimeOffset(Now + (opensIn ?? TimeSpan.Zero)),
            ClosesAt = closesIn is { } c ? Timestamp.FromDateTimeOffset(Now + c) : null,
            PaymentWindowSeconds = paymentWindowSeconds,
        };
        configure?.Invoke(request);
        var reply = await Drop(dropId).Schedule(request).WithTimeout();
        Assert.Equal(ResultCode.Ok, reply.Result);
        return reply.Drop;
    }

    public Task<GrabReply> GrabAsync(string dropId, string userId, int quantity = 1, string? key = null, int tier = 0) =>
        Drop(dropId).Grab(new Protos.DropGrab { UserId = userId, Quantity = quantity, IdempotencyKey = key ?? Guid.NewGuid().ToString("N"), MemberTier = tier }).WithTimeout();

    public Task<DropStatus> StatusAsync(string dropId) => Drop(dropId).GetStatus(new Empty()).WithTimeout();

    public Task CreditAsync(string userId, long amount) =>
        Wallet(userId).Credit(new CreditWalletRequest { UserId = userId, Amount = amount, IdempotencyKey = Guid.NewGuid().ToString("N") }).WithTimeout();

    /// <summary>Moves fake time one second at a time until a matching event arrives. Reminders and
    /// timer ticks run asynchronously after a step, so each step first gives them a moment to land
    /// (otherwise a timer armed by a late reminder would miss the steps it was meant for).</summary>
    public async Task<RoomEvent> AdvanceUntilAsync(RoomEventCollector events, Func<RoomEvent, bool> match, TimeSpan atMost)
    {
        var stepsLeft = (int)Math.Ceiling(atMost.TotalSeconds);
        while (true)
        {
            for (var wait = 0; wait < 10; wait++)
            {
                if (events.Find(match) is { } found)
                {
                    return found;
                }

                await Task.Delay(10);
            }

            Assert.True(stepsLeft-- > 0, "the expected event did not arrive within the fake time allowed");
            Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Reads a subscription until an event matches (bounded by the test timeout).</summary>
    public static async Task<RoomEvent> NextEventAsync(IRoomSubscription subscription, Func<RoomEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await foreach (var roomEvent in subscription.ReadAllAsync(timeout.Token))
        {
            if (match(roomEvent))
            {
                return roomEvent;
            }
        }

        throw new InvalidOperationException("the subscription ended");
    }

    public RoomEventCollector Collect(string roomId) => new(Events, roomId);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
