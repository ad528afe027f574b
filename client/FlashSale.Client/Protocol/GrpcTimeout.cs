using System.Globalization;

namespace FlashSale.Client.Protocol;

/// <summary>The <c>grpc-timeout</c> header: at most 8 ASCII digits and a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    // Finest unit first: the header keeps as much precision as 8 digits allow.
    private static readonly (char Unit, long TicksPerUnit)[] Units =
    [
        ('u', 10), // ticks are 100 ns, so nanoseconds never add precision over microseconds
        ('m', TimeSpan.TicksPerMillisecond),
        ('S', TimeSpan.TicksPerSecond),
        ('M', TimeSpan.TicksPerMinute),
        ('H', TimeSpan.TicksPerHour),
    ];

    /// <summary>Encodes a remaining time. Values are rounded up so the server never gives up before the client;
    /// zero or negative becomes <c>1n</c> (already expired).</summary>
    public static string Encode(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        foreach (var (unit, ticksPerUnit) in Units)
        {
            var value = (timeout.Ticks / ticksPerUnit) + (timeout.Ticks % ticksPerUnit == 0 ? 0 : 1);
            if (value <= MaxValue)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{value}{unit}");
            }
        }

        return "99999999H";
    }

    /// <summary>Parses a header value; false when it is malformed.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9
            || !long.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        double ticks = value[^1] switch
        {
            'H' => amount * (double)TimeSpan.TicksPerHour,
            'M' => amount * (double)TimeSpan.TicksPerMinute,
            'S' => amount * (double)TimeSpan.TicksPerSecond,
            'm' => amount * (double)TimeSpan.TicksPerMillisecond,
            'u' => amount * 10d,
            'n' => amount / 100d,
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }

        timeout = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)Math.Ceiling(ticks));
        return true;
    }
}
