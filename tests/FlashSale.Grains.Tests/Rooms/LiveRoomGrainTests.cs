using FlashSale.Api.V1;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Rooms;

public sealed class LiveRoomGrainTests
{
    private static ScheduleDropRequest Drop(GrainTestHost host, string dropId) => new()
    {
        DropId = dropId, Title = "Tea", UnitPrice = 100, Quantity = 5, OpensAt = Timestamp.FromDateTimeOffset(host.Now),
    };

    [Fact]
    public async Task Create_RegistersInDirectoryAndIsIdempotent()
    {
        await using var host = await GrainTestHost.StartAsync();

        var created = await host.Room("r1").Create(new CreateRoomRequest { RoomId = "r1", Title = "Tea night" }).WithTimeout();
        var again = await host.Room("r1").Create(new CreateRoomRequest { RoomId = "r1", Title = "Tea night" }).WithTimeout();
        var clash = await host.Room("r1").Create(new CreateRoomRequest { RoomId = "r1", Title = "Other" }).WithTimeout();

        Assert.Equal((ResultCode.Ok, RoomState.Scheduled), (created.Result, created.Room.State));
        Assert.Equal(ResultCode.Ok, again.Result);
        Assert.Equal(ResultCode.AlreadyExists, clash.Result);
        var rooms = await host.Grains.GetGrain<IRoomDirectoryGrain>(RoomDirectory.Key).List(new Empty()).WithTimeout();
        Assert.Equal(["r1"], rooms.RoomIds);
    }

    [Fact]
    public async Task AddDrop_SchedulesTheDropAndStatusListsIt()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Room("r1").Create(new CreateRoomRequest { RoomId = "r1", Title = "Tea night" }).WithTimeout();
        using var watcher = host.Events.Subscribe("r1");

        var added = await host.Room("r1").AddDrop(Drop(host, "d1")).WithTimeout();
        await host.GrabAsync("d1", "alice");
        var status = await host.Room("r1").GetStatus(new Empty()).WithTimeout();

        Assert.Equal(ResultCode.Ok, added.Result);
        Assert.Equal("r1", added.Drop.RoomId);
        var drop = Assert.Single(status.Drops);
        Assert.Equal(("d1", 4), (drop.DropId, drop.Remaining));
        Assert.NotNull((await GrainTestHost.NextEventAsync(watcher, e => e.DropScheduled is not null)).DropScheduled);
    }

    [Fact]
    public async Task End_ClosesDropsRefusesNewOnesAndPublishesEnded()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Room("r1").Create(new CreateRoomRequest { RoomId = "r1", Title = "Tea night" }).WithTimeout();
        await host.Room("r1").Start(new Empty()).WithTimeout();
        await host.Room("r1").AddDrop(Drop(host, "d1")).WithTimeout();
        using var watcher = host.Events.Subscribe("r1");

        var ended = await host.Room("r1").End(new Empty()).WithTimeout();
        var late = await host.Room("r1").AddDrop(Drop(host, "d2")).WithTimeout();
        var restart = await host.Room("r1").Start(new Empty()).WithTimeout();

        Assert.Equal(RoomState.Ended, ended.Room.State);
        Assert.Equal(ResultCode.RoomEnded, late.Result);
        Assert.Equal(ResultCode.RoomEnded, restart.Result);
        Assert.Equal(ResultCode.Ended, (await host.GrabAsync("d1", "alice")).Result);
        Assert.NotNull((await GrainTestHost.NextEventAsync(watcher, e => e.Ended is not null)).Ended);
    }

    [Fact]
    public async Task Create_WithStartsAt_GoesLiveByReminder()
    {
        await using var host = await GrainTestHost.StartAsync();
        var startsAt = host.Now.AddSeconds(5);
        await host.Room("r1").Create(new CreateRoomRequest
        {
            RoomId = "r1", Title = "Tea night", StartsAt = Timestamp.FromDateTimeOffset(startsAt),
        }).WithTimeout();
        using var events = host.Collect("r1");

        var live = await host.AdvanceUntilAsync(events, e => e.Live is not null, TimeSpan.FromSeconds(30));

        Assert.True(live.At.ToDateTimeOffset() >= startsAt);
        Assert.Equal(RoomState.Live, (await host.Room("r1").GetStatus(new Empty()).WithTimeout()).State);
    }

    [Fact]
    public async Task Calls_OnUnknownRoom_ThrowNotFound()
    {
        await using var host = await GrainTestHost.StartAsync();

        var start = await Assert.ThrowsAsync<EntityNotFoundException>(() => host.Room("ghost").Start(new Empty()).WithTimeout());
        var add = await Assert.ThrowsAsync<EntityNotFoundException>(() => host.Room("ghost").AddDrop(Drop(host, "d1")).WithTimeout());
        var status = await host.Room("ghost").GetStatus(new Empty()).WithTimeout();

        Assert.Equal("room 'ghost' not found", start.Message);
        Assert.Equal("room 'ghost' not found", add.Message);
        Assert.Equal(RoomState.Unspecified, status.State);
    }

    [Fact]
    public async Task JoinAndLeave_CountViewers()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Room("r1").Create(new CreateRoomRequest { RoomId = "r1", Title = "Tea night" }).WithTimeout();

        await host.Room("r1").Join(new Empty()).WithTimeout();
        await host.Room("r1").Join(new Empty()).WithTimeout();
        var left = await host.Room("r1").Leave(new Empty()).WithTimeout();

        Assert.Equal(1, left.Viewers);
        Assert.Equal(1, (await host.Room("r1").GetStatus(new Empty()).WithTimeout()).Viewers);
    }
}
