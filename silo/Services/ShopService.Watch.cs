using FlashSale.Api.V1;
using FlashSale.Grains;
using Grpc.Core;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Silo.Services;

public sealed partial class ShopService
{
    /// <summary>Streams a snapshot, then the room's live events, until the room ends, the caller
    /// leaves, the deadline passes or the silo starts draining (UNAVAILABLE).</summary>
    public override Task WatchRoom(WatchRoomRequest request, IServerStreamWriter<RoomEvent> responseStream, ServerCallContext context) =>
        Draining.RunAsync(context, lifetime.ApplicationStopping, linked => WatchRoomAsync(request, responseStream, linked));

    private async Task WatchRoomAsync(WatchRoomRequest request, IServerStreamWriter<RoomEvent> responseStream, ServerCallContext context)
    {
        Validate.Id(request.RoomId, "room_id");
        if (request.UserId.Length > 0)
        {
            Validate.Id(request.UserId, "user_id");
        }

        var cancellationToken = context.CancellationToken;

        // Subscribe before taking the snapshot so no event falls between the two.
        using var subscription = events.Subscribe(request.RoomId);
        var snapshot = await RoomStatusOrNotFound(grains, request.RoomId, cancellationToken);
        var room = grains.Resolve<ILiveRoomGrain>(request.RoomId);
        await room.Join(NoArgument, cancellationToken);
        try
        {
            await responseStream.WriteAsync(new RoomEvent
            {
                RoomId = request.RoomId,
                At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                Snapshot = snapshot,
            });
            if (snapshot.State == RoomState.Ended)
            {
                return;
            }

            await foreach (var roomEvent in subscription.ReadAllAsync(cancellationToken))
            {
                await responseStream.WriteAsync(roomEvent);
                if (roomEvent.KindCase == RoomEvent.KindOneofCase.Ended)
                {
                    return;
                }
            }
        }
        finally
        {
            // The viewer left: count it even though the call itself is cancelled.
            await room.Leave(NoArgument, CancellationToken.None);
        }
    }
}
