using FlashSale.Grains.Common;
using FlashSale.Storage;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Rooms;

/// <summary>The list of every room ever created, in creation order.</summary>
[GrainType("room-directory")]
internal sealed class RoomDirectoryGrain([PersistentState("state", FlashSaleStorage.ProviderName)] IPersistentState<RoomDirectoryGrainState> state, TimeProvider time)
    : StatefulGrain<RoomDirectoryGrainState>(state, time), IRoomDirectoryGrain
{
    public async Task<Empty> Register(RoomRef request, CancellationToken cancellationToken = default)
    {
        if (!State.RoomIds.Contains(request.RoomId))
        {
            State.RoomIds.Add(request.RoomId);
            await PersistAsync(cancellationToken);
        }

        return new Empty();
    }

    public Task<RoomList> List(Empty request, CancellationToken cancellationToken = default)
    {
        var list = new RoomList();
        list.RoomIds.AddRange(State.RoomIds);
        return Task.FromResult(list);
    }
}
