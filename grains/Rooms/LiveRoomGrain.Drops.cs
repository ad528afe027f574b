using FlashSale.Api.V1;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Rooms;

internal sealed partial class LiveRoomGrain
{
    public async Task<ScheduleDropReply> AddDrop(ScheduleDropRequest request, CancellationToken cancellationToken = default)
    {
        if (!State.Created)
        {
            throw new EntityNotFoundException("room", GetPrimaryKeyString());
        }

        if (State.State == RoomState.Ended)
        {
            return new ScheduleDropReply { Result = ResultCode.RoomEnded };
        }

        var schedule = request.Clone();
        schedule.RoomId = State.RoomId;
        var reply = await GrainFactory.Resolve<IDropGrain>(schedule.DropId).Schedule(schedule, cancellationToken);
        if (reply.Result == ResultCode.Ok && !State.DropIds.Contains(schedule.DropId))
        {
            State.DropIds.Add(schedule.DropId);
            await PersistAsync(cancellationToken);
            events.Publish(new RoomEvent { RoomId = State.RoomId, DropScheduled = reply.Drop.Clone() });
        }

        return reply;
    }

    public async Task<RoomStatus> GetStatus(Empty request, CancellationToken cancellationToken = default)
    {
        var status = Summary();
        if (!State.Created)
        {
            return status;
        }

        var drops = await Task.WhenAll(State.DropIds.Select(id =>
            GrainFactory.Resolve<IDropGrain>(id).GetStatus(new Empty(), cancellationToken)));
        status.Drops.AddRange(drops);
        return status;
    }
}
