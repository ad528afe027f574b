using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FlashSale.Grains;

/// <summary>Hot-drop buckets: a drop scheduled with bucket_count N &gt; 1 keeps its stock in N
/// bucket grains keyed "{dropId}~{i}" (i = 0…N-1; '~' is not allowed in drop ids, so a bucket key
/// never names a drop) and placed by hash over the silos; the drop's own grain coordinates them.
/// A user's grabs always go to bucket <see cref="IndexOf"/> (a stable hash of the user id, the same
/// in every silo process), so the user's per-user limit and idempotency keys live in one grain. A
/// bucket's order ids are "{bucketKey}/{sequence}", so an order id names the grain that owns it.</summary>
public static class DropBuckets
{
    /// <summary>The most buckets a drop may have.</summary>
    public const int MaxBuckets = 64;

    /// <summary>Separates the drop id from the bucket index in a bucket's key.</summary>
    public const char Separator = '~';

    /// <summary>The Orleans grain type of the bucket grains (the drop's own is "drop").</summary>
    public const string GrainType = "drop-bucket";

    private static readonly GrainType BucketType = Orleans.Runtime.GrainType.Create(GrainType);

    public static string Key(string dropId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{dropId}{Separator}{index}");

    /// <summary>Splits a bucket key into its drop id and index; false for anything else (a drop id).</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? dropId, out int index)
    {
        dropId = null;
        index = -1;
        var at = key?.LastIndexOf(Separator) ?? -1;
        if (at <= 0 || at == key!.Length - 1 || key.IndexOf(Separator) != at
            || (key[at + 1] == '0' && at + 2 < key.Length)
            || !int.TryParse(key.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index)
            || index >= MaxBuckets)
        {
            index = -1;
            return false;
        }

        dropId = key[..at];
        return true;
    }

    /// <summary>The bucket of <paramref name="userId"/> in a drop of <paramref name="buckets"/>
    /// buckets: FNV-1a over the id's UTF-16 code units, so every silo (and every .NET version)
    /// agrees, unlike <see cref="string.GetHashCode()"/>, which is randomized per process.</summary>
    public static int IndexOf(string userId, int buckets)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (buckets <= 1)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)buckets);
    }

    /// <summary>The grain that owns orders of <paramref name="owner"/> (the part of an order id
    /// before the '/'): the bucket grain for a bucket key, else the drop's grain.</summary>
    public static IDropGrain Grain(IGrainFactory grains, string owner)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return TryParse(owner, out var dropId, out _)
            ? (IDropGrain)grains.GetGrain(GrainId.Create(BucketType, owner), InterfaceOf(grains, dropId))
            : grains.Resolve<IDropGrain>(owner);
    }

    /// <summary>Bucket <paramref name="index"/> of drop <paramref name="dropId"/>.</summary>
    public static IDropGrain Bucket(IGrainFactory grains, string dropId, int index) => Grain(grains, Key(dropId, index));

    // The interface type id of IDropGrain, as Orleans resolves it (once, through a drop reference).
    private static GrainInterfaceType InterfaceOf(IGrainFactory grains, string dropId) =>
        ((GrainReference)(object)grains.Resolve<IDropGrain>(dropId)).InterfaceType;
}
