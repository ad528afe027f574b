using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>Typed reference: each method is one call through the engine's invoker.</summary>
internal sealed class RoomDirectoryGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IRoomDirectoryGrain
{
    public Task<Empty> Register(RoomRef request, CancellationToken cancellationToken = default) => Invoke(RoomDirectoryGrainMethods.Register, request, cancellationToken);

    public Task<RoomList> List(Empty request, CancellationToken cancellationToken = default) => Invoke(RoomDirectoryGrainMethods.List, request, cancellationToken);
}
