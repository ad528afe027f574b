using System.Globalization;

namespace FlashSale.LoadTests.Cli;

/// <summary>Parsers for option values: durations ("500ms", "10s", "2m", bare seconds), rates
/// ("5000", "5000/s") and fractions ("0.1%", "0.001").</summary>
internal static class Values
{
    public static TimeSpan Duration(string text, string option)
    {
        var t = text.Trim().ToLowerInvariant();
        var (number, scale) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 0.001),
            _ when t.EndsWith('s') => (t[..^1], 1.0),
            _ when t.EndsWith('m') => (t[..^1], 60.0),
            _ when t.EndsWith('h') => (t[..^1], 3600.0),
            _ => (t, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            throw new UsageException($"{option}: '{text}' is not a duration (e.g. 500ms, 10s, 2m)");
        }

        return TimeSpan.FromSeconds(value * scale);
    }

    public static double Rate(string text, string option)
    {
        var t = text.Trim();
        if (t.EndsWith("/s", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^2];
        }

        return Number(t, option);
    }

    public static double Fraction(string text, string option)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        var value = Number(percent ? t[..^1] : t, option);
        return percent ? value / 100 : value;
    }

    public static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw new UsageException($"{option}: '{text}' is not a non-negative number");

    public static int Int(string text, string option, int min = 1) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new UsageException($"{option}: '{text}' is not an integer ≥ {min}");
}

/// <summary>A bad command line: the runner prints the message and exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
