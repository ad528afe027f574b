using FlashSale.Api.V1;
using FlashSale.Grains.Common;
using FlashSale.Storage;
using FlashSale.Grains.Events;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Rooms;

/// <summary>A live room: its lifecycle, its drops and its viewers. It calls its drops (schedule,
/// close, status) but drops never call it back, so no call cycle can deadlock two rooms' turns.</summary>
[GrainType("room")]
internal sealed partial class LiveRoomGrain([PersistentState("state", FlashSaleStorage.ProviderName)] IPersistentState<RoomGrainState> state, IRoomEventBus events, TimeProvider time)
    : StatefulGrain<RoomGrainState>(state, time), ILiveRoomGrain
{
    private const string StartReminder = "start";

    private int _viewers;

    public async Task<CreateRoomReply> Create(CreateRoomRequest request, CancellationToken cancellationToken = default)
    {
        if (State.Created)
        {
            var same = State.Title == request.Title && Equals(State.StartsAt, request.StartsAt);
            if (same)
            {
                // A retry also finishes a registration that a crash may have cut off.
                await RegisterAsync(cancellationToken);
            }

            return new CreateRoomReply { Result = same ? ResultCode.Ok : ResultCode.AlreadyExists, Room = Summary() };
        }

        State.Created = true;
        State.RoomId = GetPrimaryKeyString();
        State.Title = request.Title;
        State.StartsAt = request.StartsAt;
        State.State = RoomState.Scheduled;
        await PersistAsync(cancellationToken);
        await RegisterAsync(cancellationToken);
        if (request.StartsAt is { } startsAt)
        {
            if (startsAt.ToDateTimeOffset() <= Time.GetUtcNow())
            {
                await GoLiveAsync(cancellationToken);
            }
            else
            {
                await SetReminderAsync(StartReminder, startsAt.ToDateTimeOffset(), cancellationToken);
            }
        }

        return new CreateRoomReply { Result = ResultCode.Ok, Room = Summary() };
    }

    public async Task<RoomCommandReply> Start(Empty request, CancellationToken cancellationToken = default)
    {
        if (!State.Created)
        {
            throw new EntityNotFoundException("room", GetPrimaryKeyString());
        }

        if (State.State == RoomState.Ended)
        {
            return new RoomCommandReply { Result = ResultCode.RoomEnded, Room = Summary() };
        }

        await GoLiveAsync(cancellationToken);
        return new RoomCommandReply { Result = ResultCode.Ok, Room = Summary() };
    }

    public async Task<RoomCommandReply> End(Empty request, CancellationToken cancellationToken = default)
    {
        if (!State.Created)
        {
            throw new EntityNotFoundException("room", GetPrimaryKeyString());
        }

        var wasEnded = State.State == RoomState.Ended;
        if (!wasEnded)
        {
            State.State = RoomState.Ended;
            await PersistAsync(cancellationToken);
        }

        // Closing is idempotent, so a retried End also finishes what a crash interrupted.
        foreach (var dropId in State.DropIds)
        {
            await GrainFactory.Resolve<IDropGrain>(dropId).Close(new Empty(), cancellationToken);
        }

        if (!wasEnded)
        {
            events.Publish(new RoomEvent { RoomId = State.RoomId, Ended = new RoomEnded() });
        }

        return new RoomCommandReply { Result = ResultCode.Ok, Room = Summary() };
    }

    protected override async Task OnReminderAsync(string name, CancellationToken cancellationToken)
    {
        if (name == StartReminder && State.Created)
        {
            await GoLiveAsync(cancellationToken);
        }
    }

    public Task<RoomViewers> Join(Empty request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new RoomViewers { Viewers = ++_viewers });

    public Task<RoomViewers> Leave(Empty request, CancellationToken cancellationToken = default)
    {
        _viewers = Math.Max(0, _viewers - 1);
        return Task.FromResult(new RoomViewers { Viewers = _viewers });
    }

    private async Task GoLiveAsync(CancellationToken cancellationToken)
    {
        if (State.State != RoomState.Scheduled)
        {
            return;
        }

        State.State = RoomState.Live;
        await PersistAsync(cancellationToken);
        events.Publish(new RoomEvent { RoomId = State.RoomId, Live = new RoomLive() });
    }

    private Task RegisterAsync(CancellationToken cancellationToken) =>
        GrainFactory.Resolve<IRoomDirectoryGrain>(RoomDirectory.Key)
            .Register(new RoomRef { RoomId = State.RoomId }, cancellationToken);

    private RoomStatus Summary() => new()
    {
        RoomId = GetPrimaryKeyString(),
        Title = State.Title,
        State = State.Created ? State.State : RoomState.Unspecified,
        Viewers = _viewers,
    };
}
