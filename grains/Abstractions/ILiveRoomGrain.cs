using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>A live room (key: room id): scheduled → live → ended, its drops and its viewer count.
/// Calls on a room that was never created answer result UNSPECIFIED (the silo maps it to NOT_FOUND).</summary>
public interface ILiveRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room and registers it in the directory. Idempotent: same title and
    /// start time → OK, otherwise ALREADY_EXISTS. With <c>starts_at</c> the room goes live by itself.</summary>
    Task<CreateRoomReply> Create([Immutable] CreateRoomRequest request, CancellationToken cancellationToken = default);

    /// <summary>scheduled → live (OK when already live); ROOM_ENDED once ended.</summary>
    Task<RoomCommandReply> Start([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>→ ended: closes every drop of the room and publishes Ended. Idempotent.</summary>
    Task<RoomCommandReply> End([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>Schedules a drop in this room (calls the drop's Schedule) and lists it in the room;
    /// ROOM_ENDED when the room has ended. The service layer's ScheduleDrop calls this.</summary>
    Task<ScheduleDropReply> AddDrop([Immutable] ScheduleDropRequest request, CancellationToken cancellationToken = default);

    /// <summary>The room with each drop's status.</summary>
    Task<RoomStatus> GetStatus([Immutable] Empty request, CancellationToken cancellationToken = default);

    Task<RoomViewers> Join([Immutable] Empty request, CancellationToken cancellationToken = default);

    Task<RoomViewers> Leave([Immutable] Empty request, CancellationToken cancellationToken = default);
}
