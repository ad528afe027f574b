using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>A live room (key: room id): scheduled → live → ended, its drops and its viewer count.
/// Calls on a room that was never created answer result UNSPECIFIED (the silo maps it to NOT_FOUND).</summary>
public interface ILiveRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room and registers it in the directory. Idempotent: same title and
    /// start time → OK, otherwise ALREADY_EXISTS. With <c>starts_at</c> the room goes live by itself.</summary>
    Task<CreateRoomReply> Create(CreateRoomRequest request, CancellationToken cancellationToken = default);

    /// <summary>scheduled → live (OK when already live); ROOM_ENDED once ended.</summary>
    Task<RoomCommandReply> Start(Empty request, CancellationToken cancellationToken = default);

    /// <summary>→ ended: closes every drop of the room and publishes Ended. Idempotent.</summary>
    Task<RoomCommandReply> End(Empty request, CancellationToken cancellationToken = default);

    /// <summary>Schedules a drop in this room (calls the drop's Schedule) and lists it in the room;
    /// ROOM_ENDED when the room has ended. The service layer's ScheduleDrop calls this.</summary>
    Task<ScheduleDropReply> AddDrop(ScheduleDropRequest request, CancellationToken cancellationToken = default);

    /// <summary>The room with each drop's status.</summary>
    Task<RoomStatus> GetStatus(Empty request, CancellationToken cancellationToken = default);

    Task<RoomViewers> Join(Empty request, CancellationToken cancellationToken = default);

    Task<RoomViewers> Leave(Empty request, CancellationToken cancellationToken = default);
}

/// <summary>Method descriptors of <see cref="ILiveRoomGrain"/>.</summary>
public static class LiveRoomGrainMethods
{
    public const string GrainType = "room";

    public static readonly GrainMethod<ILiveRoomGrain, CreateRoomRequest, CreateRoomReply> Create =
        new(GrainType, "Create", 1, CreateRoomRequest.Parser, CreateRoomReply.Parser, static (g, r, ct) => g.Create(r, ct));

    public static readonly GrainMethod<ILiveRoomGrain, Empty, RoomCommandReply> Start =
        new(GrainType, "Start", 2, Empty.Parser, RoomCommandReply.Parser, static (g, r, ct) => g.Start(r, ct));

    public static readonly GrainMethod<ILiveRoomGrain, Empty, RoomCommandReply> End =
        new(GrainType, "End", 3, Empty.Parser, RoomCommandReply.Parser, static (g, r, ct) => g.End(r, ct));

    public static readonly GrainMethod<ILiveRoomGrain, ScheduleDropRequest, ScheduleDropReply> AddDrop =
        new(GrainType, "AddDrop", 4, ScheduleDropRequest.Parser, ScheduleDropReply.Parser, static (g, r, ct) => g.AddDrop(r, ct));

    public static readonly GrainMethod<ILiveRoomGrain, Empty, RoomStatus> GetStatus =
        new(GrainType, "GetStatus", 5, Empty.Parser, RoomStatus.Parser, static (g, r, ct) => g.GetStatus(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod<ILiveRoomGrain, Empty, RoomViewers> Join =
        new(GrainType, "Join", 6, Empty.Parser, RoomViewers.Parser, static (g, r, ct) => g.Join(r, ct));

    public static readonly GrainMethod<ILiveRoomGrain, Empty, RoomViewers> Leave =
        new(GrainType, "Leave", 7, Empty.Parser, RoomViewers.Parser, static (g, r, ct) => g.Leave(r, ct));

    public static readonly GrainMethod[] All = [Create, Start, End, AddDrop, GetStatus, Join, Leave];
}
