using System.Globalization;

namespace FlashSale.Cli.Infrastructure;

/// <summary>Human durations: 300 (seconds), 500ms, 30s, 5m, 2h, 1d.</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text, string optionName)
    {
        var value = text.Trim();
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal)
            ? (value[..^2], "ms")
            : value.Length > 0 && char.IsLetter(value[^1]) ? (value[..^1], value[^1..]) : (value, "s");
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            throw new CliUsageException($"{optionName}: '{text}' is not a duration (e.g. 30s, 5m, 500ms).");
        }

        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => throw new CliUsageException($"{optionName}: unknown unit in '{text}' (use ms, s, m, h, d)."),
        };
    }

    public static string Format(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{(int)Math.Ceiling(span.TotalSeconds)}s"
        : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{(int)span.TotalHours}h{span.Minutes:00}m";
}
