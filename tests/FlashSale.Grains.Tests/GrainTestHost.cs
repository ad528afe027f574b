using FlashSale.Api.V1;
using FlashSale.Grains.Common;
using FlashSale.Grains.Events;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Storage;
using FlashSale.Storage.Domain;
using FlashSale.Storage.Memory;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Reminders;
using Orleans.Storage;
using Orleans.TestingHost;

namespace FlashSale.Grains.Tests;

/// <summary>One Orleans silo (<see cref="InProcessTestCluster"/>) with the FlashSale grains, fake
/// time and <see cref="TestStores"/>. Tests call grains through the silo's own
/// <see cref="IGrainFactory"/>, as the co-hosted gRPC services do.
///
/// Time: Orleans 10 resolves a keyed <see cref="TimeProvider"/> per subsystem. The
/// <see cref="FakeTimeProvider"/> is the default provider (what the grains inject) and drives the
/// areas whose behaviour the tests assert — grain timers (<see cref="TimeProviderNames.Grains"/>)
/// and reminders (<see cref="ReminderTimeProviderNames.Reminders"/>): advancing it fires a due
/// reminder or timer tick, so deadline, countdown and recovery tests run on fake time, never on
/// sleeps. The silo's own machinery (messaging and its response timeouts, membership, system
/// timers, activation collection, directory cache) is pinned to the real clock, so jumping fake
/// time by an hour neither times out calls in flight nor collects activations under a test.</summary>
internal sealed class GrainTestHost : IAsyncDisposable
{
    private static readonly string[] RealTimeAreas =
    [
        TimeProviderNames.Messaging,
        TimeProviderNames.SystemTimers,
        TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement,
        TimeProviderNames.GrainDirectory,
    ];

    private readonly InProcessTestCluster _cluster;

    private GrainTestHost(InProcessTestCluster cluster, FakeTimeProvider time, TestStores stores)
    {
        _cluster = cluster;
        Time = time;
        Stores = stores;
    }

    public FakeTimeProvider Time { get; }

    public TestStores Stores { get; }

    /// <summary>The writes of the store fakes: counts, gate, delay, failures.</summary>
    public WriteControl Storage => Stores.Control;

    public InProcessTestCluster Cluster => _cluster;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IRoomEventBus Events => Services.GetRequiredService<IRoomEventBus>();

    /// <summary>The grain-state provider the grains persist through ("flashsale").</summary>
    public IGrainStorage GrainStorage => Services.GetRequiredKeyedService<IGrainStorage>(FlashSaleStorage.ProviderName);

    public IReminderTable Reminders => Services.GetRequiredService<IReminderTable>();

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Starts a silo (or a cluster of <paramref name="silos"/>, sharing the stores). Pass
    /// the <paramref name="stores"/> of an earlier host (made with <see cref="TestStores.OutlivingTheSilo"/>)
    /// to restart on what it left durable.</summary>
    public static async Task<GrainTestHost> StartAsync(FakeTimeProvider? time = null, TestStores? stores = null, Action<ISiloBuilder>? configure = null, short silos = 1)
    {
        var clock = time ?? new FakeTimeProvider();
        var storage = stores ?? TestStores.InSilo();

        // One instance for every silo of the cluster, as one database would be.
        var grainStates = (IGrainStorage?)storage.GrainStates ?? new InMemoryGrainStorage();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureSilo((_, silo) =>
        {
            UseTime(silo.Services, clock);
            silo.Services.AddSingleton<IDropStore>(storage.Drops);
            silo.Services.AddSingleton<IWalletStore>(storage.Wallets);
            // Without outliving fakes: ours rather than Orleans' memory provider, as it stores the
            // protobuf bytes the real providers store (Orleans' writes Newtonsoft JSON, which cannot
            // read protobuf repeated fields back).
            silo.Services.AddKeyedSingleton(FlashSaleStorage.ProviderName, grainStates);

            silo.UseInMemoryReminderService();
            if (storage.Reminders is { } reminders)
            {
                // Registered after the in-memory table, so it is the one resolved.
                silo.Services.AddSingleton<IReminderTable>(reminders);
            }

            silo.AddFlashSaleGrains();
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync().WithTimeout();
        return new GrainTestHost(cluster, clock, storage);
    }

    private static void UseTime(IServiceCollection services, FakeTimeProvider clock)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, clock);
        services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, clock);
        foreach (var area in RealTimeAreas)
        {
            services.AddKeyedSingleton(area, TimeProvider.System);
        }
    }

    public IDropGrain Drop(string id) => Grains.GetGrain<IDropGrain>(id);

    /// <summary>Bucket <paramref name="index"/> of a bucketed drop.</summary>
    public IDropGrain Bucket(string dropId, int index) => DropBuckets.Bucket(Grains, dropId, index);

    public IShopperGrain Shopper(string id) => Grains.GetGrain<IShopperGrain>(id);

    public IWalletGrain Wallet(string id) => Grains.GetGrain<IWalletGrain>(id);

    public ICouponPoolGrain Pool(string id) => Grains.GetGrain<ICouponPoolGrain>(id);

    public ILiveRoomGrain Room(string id) => Grains.GetGrain<ILiveRoomGrain>(id);

    /// <summary>Reads a grain's persistent state as the grain would (RecordExists says whether one was written).</summary>
    public async Task<IGrainState<T>> ReadStateAsync<T>(string grainType, string key)
    {
        var state = new GrainState<T>();
        await GrainStorage.ReadStateAsync("state", GrainId.Create(grainType, key), state).WithTimeout();
        return state;
    }

    /// <summary>Writes a grain's persistent state behind its back (as a crashed activation left it).</summary>
    public async Task WriteStateAsync<T>(string grainType, string key, T value)
    {
        var state = await ReadStateAsync<T>(grainType, key);
        state.State = value;
        await GrainStorage.WriteStateAsync("state", GrainId.Create(grainType, key), state).WithTimeout();
    }

    /// <summary>Deactivates a grain and waits until it is gone (its next call reactivates it from storage).</summary>
    public Task DeactivateAsync(IAddressable grain) => _cluster.DeactivateAsync(grain).WithTimeout();

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

    /// <summary>Creates a 1 000-fen amount-off coupon pool valid for a day from now.</summary>
    public async Task CreatePoolAsync(string poolId, int total)
    {
        var reply = await Pool(poolId).Create(new CreateCouponPoolRequest
        {
            PoolId = poolId,
            Kind = CouponKind.AmountOff,
            AmountOff = 1_000,
            Total = total,
            ValidFrom = Timestamp.FromDateTimeOffset(Now),
            ValidUntil = Timestamp.FromDateTimeOffset(Now.AddDays(1)),
        }).WithTimeout();
        Assert.Equal(ResultCode.Ok, reply.Result);
    }

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

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync().WithTimeout();
        await _cluster.DisposeAsync();
    }
}
