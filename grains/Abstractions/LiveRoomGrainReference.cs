using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>Typed reference: each method is one call through the engine's invoker.</summary>
internal sealed class LiveRoomGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), ILiveRoomGrain
{
    public Task<CreateRoomReply> Create(CreateRoomRequest request, CancellationToken cancellationToken = default) => Invoke(LiveRoomGrainMethods.Create, request, cancellationToken);

    public Task<RoomCommandReply> Start(Empty request, CancellationToken cancellationToken = default) => Invoke(LiveRoomGrainMethods.Start, request, cancellationToken);

    public Task<RoomCommandReply> End(Empty request, CancellationToken cancellationToken = default) => Invoke(LiveRoomGrainMethods.End, request, cancellationToken);

    public Task<ScheduleDropReply> AddDrop(ScheduleDropRequest request, CancellationToken cancellationToken = default) => Invoke(LiveRoomGrainMethods.AddDrop, request, cancellationToken);

    public Task<RoomStatus> GetStatus(Empty request, CancellationToken cancellationToken = default) => Invoke(LiveRoomGrainMethods.GetStatus, request, cancellationToken);

    public Task<RoomViewers> Join(Empty request, CancellationToken cancellationToken = default) => Invoke(LiveRoomGrainMethods.Join, request, cancellationToken);

    public Task<RoomViewers> Leave(Empty request, CancellationToken cancellationToken = default) => Invoke(LiveRoomGrainMethods.Leave, request, cancellationToken);
}
