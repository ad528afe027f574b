using System.Text;

namespace FlashSale.Silo.Protocol;

/// <summary>
/// The <c>grpc-message</c> encoding of PROTOCOL-HTTP2: UTF-8 bytes outside printable ASCII
/// (0x20-0x7E), and '%' itself, are written as %XX.
/// </summary>
internal static class PercentEncoding
{
    private const string HexUpper = "0123456789ABCDEF";

    public static string Encode(string value)
    {
        var needs = false;
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                needs = true;
                break;
            }
        }

        // The common case (plain ASCII detail) allocates nothing.
        if (!needs)
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes; malformed escapes are kept literally, as the spec asks receivers to do.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
            }
            else
            {
                bytes.Add((byte)value[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool NeedsEscape(char c) => c is < (char)0x20 or > (char)0x7E or '%';

    private static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
