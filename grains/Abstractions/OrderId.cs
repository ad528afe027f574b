using System.Diagnostics.CodeAnalysis;

namespace FlashSale.Grains;

/// <summary>Order ids are "{dropId}/{sequence}", so the drop that owns an order is found from the
/// id alone (drop ids never contain '/'); a bucket's orders are "{dropId}~{i}/{sequence}" (see
/// <see cref="DropBuckets.Grain"/> for the grain that owns either kind).</summary>
public static class OrderId
{
    public static string Format(string dropId, long sequence) => $"{dropId}/{sequence}";

    /// <summary>Splits an order id into its drop id and sequence; false when malformed.</summary>
    public static bool TryParse(string? orderId, [NotNullWhen(true)] out string? dropId, out long sequence)
        => ScopedId.TryParse(orderId, out dropId, out sequence);
}

/// <summary>Coupon ids are "{poolId}/{sequence}", so the pool of a coupon is found from its id.</summary>
public static class CouponId
{
    public static string Format(string poolId, long sequence) => $"{poolId}/{sequence}";

    public static bool TryParse(string? couponId, [NotNullWhen(true)] out string? poolId, out long sequence)
        => ScopedId.TryParse(couponId, out poolId, out sequence);
}

internal static class ScopedId
{
    public static bool TryParse(string? id, [NotNullWhen(true)] out string? owner, out long sequence)
    {
        owner = null;
        sequence = 0;
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        var slash = id.LastIndexOf('/');
        if (slash <= 0 || slash == id.Length - 1 || id.IndexOf('/') != slash
            || !long.TryParse(id.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        owner = id[..slash];
        return true;
    }
}
