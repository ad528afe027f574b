using System.Buffers.Text;
using System.Text;

namespace FlashSale.Grains;

/// <summary>The paging rules of <see cref="IDropGrain.ListOrders"/> (AIP-158), shared by the grain and
/// the admin API's argument checks. A page token is the base64url form of the id of the last order
/// a page returned ("{dropId}/{sequence}"), so it names its drop and a token of one drop is refused
/// by another.</summary>
public static class DropOrderPages
{
    /// <summary>Page size when the request leaves page_size at 0.</summary>
    public const int DefaultPageSize = 1_000;

    /// <summary>Larger page sizes are clamped to this.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>A page stops before the order that would take it past this many bytes, so every
    /// page fits gRPC's default 4 MB message limit whatever the size of its orders.</summary>
    public const int MaxPageBytes = 3 * 1024 * 1024;

    // A drop id is at most 64 characters, a bucket suffix 3 and a sequence at most 19 digits: 87
    // bytes, 116 in base64url.
    private const int MaxTokenLength = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The page size to use for <paramref name="requested"/>; throws for a negative one.</summary>
    public static int Size(int requested) => requested switch
    {
        < 0 => throw new ArgumentOutOfRangeException("page_size", requested, "page_size must not be negative"),
        0 => DefaultPageSize,
        _ => Math.Min(requested, MaxPageSize),
    };

    /// <summary>The token that continues after the order with <paramref name="lastSequence"/>.</summary>
    public static string Token(string dropId, long lastSequence) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(OrderId.Format(dropId, lastSequence)));

    /// <summary>The token that continues after the order <paramref name="orderId"/>.</summary>
    public static string Token(string orderId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(orderId));

    /// <summary>Reads a page token of <paramref name="dropId"/>: an empty token starts at the first
    /// order (<paramref name="afterSequence"/> 0). False when the token is not one this API issued
    /// for that drop.</summary>
    public static bool TryReadToken(string? token, string dropId, out long afterSequence) =>
        TryReadToken(token, dropId, out var owner, out afterSequence) && string.Equals(owner, dropId, StringComparison.Ordinal);

    /// <summary>Reads a page token of <paramref name="dropId"/> or of one of its buckets (a bucketed
    /// drop's pages end at an order of a bucket, "{dropId}~{i}/{n}"): <paramref name="owner"/> is the
    /// grain key the token's order id names (<paramref name="dropId"/> for an empty token).</summary>
    public static bool TryReadToken(string? token, string dropId, out string owner, out long afterSequence)
    {
        owner = dropId;
        afterSequence = 0;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        if (token.Length > MaxTokenLength)
        {
            return false;
        }

        // TryDecodeFromChars throws for characters outside the alphabet; IsValid does not.
        Span<byte> bytes = stackalloc byte[MaxTokenLength];
        if (!Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written))
        {
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes[..written]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // Only the canonical spelling is one we issued ("d/7", never "d/007").
        if (!OrderId.TryParse(text, out var tokenOwner, out var sequence)
            || sequence <= 0
            || !(string.Equals(tokenOwner, dropId, StringComparison.Ordinal)
                || (DropBuckets.TryParse(tokenOwner, out var bucketOf, out _) && string.Equals(bucketOf, dropId, StringComparison.Ordinal)))
            || !string.Equals(text, OrderId.Format(tokenOwner, sequence), StringComparison.Ordinal))
        {
            return false;
        }

        owner = tokenOwner;
        afterSequence = sequence;
        return true;
    }
}
