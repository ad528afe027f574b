using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>The list of all rooms (one grain, key <see cref="RoomDirectory.Key"/>).</summary>
public interface IRoomDirectoryGrain : IGrainWithStringKey
{
    Task<Empty> Register([Immutable] RoomRef request, CancellationToken cancellationToken = default);

    Task<RoomList> List([Immutable] Empty request, CancellationToken cancellationToken = default);
}

/// <summary>Where the single room directory lives.</summary>
public static class RoomDirectory
{
    /// <summary>The key of the single directory grain.</summary>
    public const string Key = "all";
}
