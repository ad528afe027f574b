using System.Globalization;
using System.Text.RegularExpressions;

namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>A strict reader of the Prometheus text exposition format (version 0.0.4): every line is
/// a # HELP / # TYPE comment or a sample <c>name{label="value",…} value [timestamp]</c>; a malformed
/// line, an unknown type, a TYPE after its samples or a histogram without +Inf bucket throws.</summary>
internal static partial class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<Sample> Parse(string text)
    {
        if (text.Length == 0 || !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, number) in text.Split('\n').SkipLast(1).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var type = TypeLine().Match(line);
                if (type.Success)
                {
                    if (!Types.Contains(type.Groups[2].Value) || samples.Any(s => s.Family(types) == type.Groups[1].Value))
                    {
                        throw new FormatException($"line {number}: bad or late TYPE: {line}");
                    }

                    types[type.Groups[1].Value] = type.Groups[2].Value;
                }
                else if (!HelpLine().IsMatch(line) && !line.StartsWith("# EOF", StringComparison.Ordinal))
                {
                    throw new FormatException($"line {number}: bad comment: {line}");
                }

                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"line {number}: not a sample: {line}");
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups[2].Value))
            {
                labels[label.Groups[1].Value] = Regex.Unescape(label.Groups[2].Value);
            }

            samples.Add(new Sample(match.Groups[1].Value, labels, ParseValue(match.Groups[3].Value, line)));
        }

        foreach (var (family, _) in types.Where(t => t.Value == "histogram"))
        {
            if (samples.Any(s => s.Name == family + "_count") && !samples.Any(s => s.Name == family + "_bucket" && s.Labels.GetValueOrDefault("le") == "+Inf"))
            {
                throw new FormatException($"histogram {family} has no +Inf bucket");
            }
        }

        return samples;
    }

    /// <summary>Sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Sum(this IReadOnlyList<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    private static double ParseValue(string text, string line) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"bad value '{text}' in: {line}"),
    };

    [GeneratedRegex("""^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$""")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^# HELP [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?$""")]
    private static partial Regex HelpLine();

    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? (\S+)(?: -?\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(""""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"""")]
    private static partial Regex Label();
}

/// <summary>One sample line.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The metric family: the name without a histogram/summary suffix when that family is typed.</summary>
    public string Family(IReadOnlyDictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_count", "_sum", "_total" })
        {
            if (Name.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(Name[..^suffix.Length]))
            {
                return Name[..^suffix.Length];
            }
        }

        return Name;
    }
}
