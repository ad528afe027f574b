using System.Globalization;
using Orleans.Storage;

namespace FlashSale.Storage;

/// <summary>ETags of the SQL stores: the row's integer version as invariant text. An ETag that is
/// not one of ours cannot match any stored version, so it is a conflict, not a bad argument.</summary>
internal static class Versions
{
    /// <summary>The version <paramref name="etag"/> names; null for "nothing stored yet".</summary>
    /// <exception cref="InconsistentStateException">The ETag is not a version number.</exception>
    public static long? Parse(string? etag, string what) =>
        etag is null
            ? null
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : throw Conflict(what, etag, null);

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The version after a write that expected <paramref name="expected"/>.</summary>
    public static string Next(long? expected) => Format((expected ?? 0) + 1);

    public static InconsistentStateException Conflict(string what, string? expectedEtag, string? storedEtag) =>
        new($"version conflict on {what}: expected {expectedEtag ?? "<none>"}, the stored version differs", storedEtag ?? "<unknown>", expectedEtag ?? "<none>");
}
