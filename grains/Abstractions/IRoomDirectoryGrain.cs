using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>The list of all rooms (one grain, key <see cref="RoomDirectoryGrainMethods.Key"/>).</summary>
public interface IRoomDirectoryGrain : IGrainWithStringKey
{
    Task<Empty> Register(RoomRef request, CancellationToken cancellationToken = default);

    Task<RoomList> List(Empty request, CancellationToken cancellationToken = default);
}

/// <summary>Method descriptors of <see cref="IRoomDirectoryGrain"/>.</summary>
public static class RoomDirectoryGrainMethods
{
    public const string GrainType = "room-directory";

    /// <summary>The key of the single directory grain.</summary>
    public const string Key = "all";

    public static readonly GrainMethod<IRoomDirectoryGrain, RoomRef, Empty> Register =
        new(GrainType, "Register", 1, RoomRef.Parser, Empty.Parser, static (g, r, ct) => g.Register(r, ct));

    public static readonly GrainMethod<IRoomDirectoryGrain, Empty, RoomList> List =
        new(GrainType, "List", 2, Empty.Parser, RoomList.Parser, static (g, r, ct) => g.List(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod[] All = [Register, List];
}
