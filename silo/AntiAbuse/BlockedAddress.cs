using System.Net;
using System.Net.Sockets;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>Parses blocklist addresses: one IPv4 or IPv6 address, or a CIDR range, into a canonical
/// text form (so "10.0.0.07"-like spellings and "::ffff:10.0.0.7" name the same entry).</summary>
public static class BlockedAddress
{
    /// <summary>Longest accepted text.</summary>
    public const int MaxLength = 64;

    /// <summary>The canonical form of <paramref name="text"/>, or null with <paramref name="error"/> set.</summary>
    public static string? Canonical(string text, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is required";
            return null;
        }

        if (text.Length > MaxLength)
        {
            error = $"must be at most {MaxLength} characters";
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return TryAddress(text, out var address) ? address.ToString() : Fail(out error, "is not an IPv4 or IPv6 address or CIDR range");
        }

        if (!TryAddress(text[..slash], out var network)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix > (network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            return Fail(out error, "is not an IPv4 or IPv6 address or CIDR range");
        }

        // A range written with host bits ("10.0.0.1/8") is most likely a typo for one address: refused, not masked.
        // (Some runtimes mask such an address, others throw.)
        IPNetwork? range;
        try
        {
            range = new IPNetwork(network, prefix);
        }
        catch (ArgumentException)
        {
            range = null;
        }

        return range is { } valid && valid.BaseAddress.Equals(network)
            ? valid.ToString()
            : Fail(out error, $"has bits set after the /{prefix} prefix");
    }

    /// <summary>Parses a client address (as <see cref="RateLimiting.ClientAddress"/> resolves it).</summary>
    public static bool TryClient(string text, out IPAddress address)
    {
        if (IPAddress.TryParse(text, out var parsed))
        {
            address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    private static bool TryAddress(string text, out IPAddress address)
    {
        // IPAddress.TryParse also takes "10" or "10.1" (classful shorthands) and scope ids: not here.
        address = IPAddress.None;
        if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
        {
            return false;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    private static string? Fail(out string error, string message)
    {
        error = message;
        return null;
    }
}
