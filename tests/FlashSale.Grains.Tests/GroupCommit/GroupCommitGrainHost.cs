using FlashSale.Runtime;
using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Storage.InMemory;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Grains.Tests.GroupCommit;

/// <summary>The FlashSale grains on <see cref="ControlledGrainStorage"/>, fake time, group commit
/// configured by the test.</summary>
internal sealed class GroupCommitGrainHost : IAsyncDisposable
{
    private readonly GrainRuntimeHost _host;

    private GroupCommitGrainHost(GrainRuntimeHost host, ControlledGrainStorage storage, FakeTimeProvider time)
    {
        _host = host;
        Storage = storage;
        Time = time;
    }

    public ControlledGrainStorage Storage { get; }

    public FakeTimeProvider Time { get; }

    public IGrainFactory Grains => _host.GrainFactory;

    public static async Task<GroupCommitGrainHost> StartAsync(Action<GrainRuntimeOptions>? options = null)
    {
        var storage = new ControlledGrainStorage();
        var time = new FakeTimeProvider();
        var host = await GrainRuntimeHost.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddGrainRuntime(options)
                .AddFlashSaleGrains()
                .UseStorage(_ => storage, static _ => new InMemoryReminderTable());
        }).WithTimeout();
        return new GroupCommitGrainHost(host, storage, time);
    }

    public IDropGrain Drop(string id) => Grains.GetGrain<IDropGrain>(id);

    public ICouponPoolGrain Pool(string id) => Grains.GetGrain<ICouponPoolGrain>(id);

    public async Task ScheduleDropAsync(string dropId, int quantity, int perUserLimit = 0)
    {
        var reply = await Drop(dropId).Schedule(new Api.V1.ScheduleDropRequest
        {
            DropId = dropId,
            RoomId = "room-1",
            Title = "Tea set",
            UnitPrice = 10_000,
            Quantity = quantity,
            PerUserLimit = perUserLimit,
            OpensAt = Timestamp.FromDateTimeOffset(Time.GetUtcNow()),
        }).WithTimeout();
        Assert.Equal(Api.V1.ResultCode.Ok, reply.Result);
    }

    public async Task CreatePoolAsync(string poolId, int total)
    {
        var reply = await Pool(poolId).Create(new Api.V1.CreateCouponPoolRequest
        {
            PoolId = poolId,
            Kind = Api.V1.CouponKind.AmountOff,
            AmountOff = 1_000,
            Total = total,
            ValidFrom = Timestamp.FromDateTimeOffset(Time.GetUtcNow()),
            ValidUntil = Timestamp.FromDateTimeOffset(Time.GetUtcNow().AddDays(1)),
        }).WithTimeout();
        Assert.Equal(Api.V1.ResultCode.Ok, reply.Result);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
