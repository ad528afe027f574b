namespace FlashSale.Client;

/// <summary>Where a <see cref="FlashSaleChannel"/> sends its calls: one silo address, a static list of
/// silo addresses (<c>http://a:5000,http://b:5000</c>), or a DNS name whose records list the silos
/// (<c>dns:///silos.example:5000</c>). A list or a DNS name makes a balanced channel (round robin over
/// the silos that are up).</summary>
public sealed class ChannelTarget
{
    private const string DnsPrefix = "dns:";

    private ChannelTarget(IReadOnlyList<Uri> addresses, Uri? dns)
    {
        Addresses = addresses;
        Dns = dns;
    }

    /// <summary>The silo addresses of a static target (one or more); empty for a DNS target.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The <c>dns:///host:port</c> address of a DNS target; null for a static one.</summary>
    public Uri? Dns { get; }

    /// <summary>True when calls are balanced over several silos: more than one address, or a DNS name.</summary>
    public bool IsBalanced => Dns is not null || Addresses.Count > 1;

    /// <summary>A target of one or more absolute http:// or https:// addresses (all with the same scheme).</summary>
    public static ChannelTarget ForAddresses(IReadOnlyList<Uri> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            throw new ArgumentException("Give at least one address.", nameof(addresses));
        }

        foreach (var address in addresses)
        {
            ArgumentNullException.ThrowIfNull(address, nameof(addresses));
            if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'{address}' is not an absolute http:// or https:// address.", nameof(addresses));
            }

            if (address.Scheme != addresses[0].Scheme)
            {
                throw new ArgumentException("All addresses must use the same scheme (http:// or https://).", nameof(addresses));
            }
        }

        return new ChannelTarget([.. addresses], null);
    }

    /// <summary>One absolute address, as <see cref="FlashSaleChannel.ForAddress(Uri, FlashSaleChannelOptions?)"/>
    /// has always taken it (any scheme grpc-dotnet accepts).</summary>
    internal static ChannelTarget Single(Uri address) => new([address], null);

    /// <summary>Parses <c>http://a:5000</c>, <c>http://a:5000,http://b:5000</c> (commas, optional spaces)
    /// or <c>dns:///host:port</c>; throws <see cref="FormatException"/> with a message naming the bad part.</summary>
    public static ChannelTarget Parse(string text) =>
        TryParse(text, out var target, out var error) ? target : throw new FormatException(error);

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChannelTarget? target, out string? error)
    {
        target = null;
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            error = "no address given";
            return false;
        }

        if (parts.Any(p => p.StartsWith(DnsPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            return TryParseDns(parts, out target, out error);
        }

        var addresses = new Uri[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!Uri.TryCreate(parts[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                error = $"'{parts[i]}' is not an absolute http:// or https:// address";
                return false;
            }

            addresses[i] = uri;
        }

        if (addresses.Any(a => a.Scheme != addresses[0].Scheme))
        {
            error = "mixes http:// and https:// addresses";
            return false;
        }

        target = new ChannelTarget(addresses, null);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Dns is { } dns ? dns.OriginalString : string.Join(',', Addresses.Select(a => a.OriginalString));

    private static bool TryParseDns(string[] parts, out ChannelTarget? target, out string? error)
    {
        target = null;
        if (parts.Length != 1)
        {
            error = "a dns:/// name cannot be combined with other addresses";
            return false;
        }

        // grpc-dotnet's resolver takes dns:///host:port; an authority (dns://server/…) names a DNS
        // server, which it does not support.
        var text = parts[0];
        var rest = text.AsSpan(DnsPrefix.Length);
        if (!rest.StartsWith("///", StringComparison.Ordinal))
        {
            error = $"'{text}' is not dns:///host:port (no DNS server authority)";
            return false;
        }

        var hostPort = rest[3..].ToString();
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || hostPort.Contains('/', StringComparison.Ordinal)
            || !int.TryParse(hostPort.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65_535)
        {
            error = $"'{text}' is not dns:///host:port with a port";
            return false;
        }

        target = new ChannelTarget([], new Uri("dns:///" + hostPort));
        error = null;
        return true;
    }
}
