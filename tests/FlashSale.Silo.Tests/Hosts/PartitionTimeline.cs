using System.Globalization;
using System.Text;

namespace FlashSale.Silo.Tests.Hosts;

/// <summary>What happened when, relative to the cut, for the test's report.</summary>
internal sealed class PartitionTimeline
{
    private readonly List<(string What, DateTime At)> _events = [];

    public DateTime? Cut { get; private set; }

    public void Mark(string what, DateTime? at = null)
    {
        var when = at ?? DateTime.UtcNow;
        if (what == "cut")
        {
            Cut = when;
        }

        lock (_events)
        {
            _events.Add((what, when));
        }
    }

    /// <summary>Seconds after the cut, or null.</summary>
    public double? SinceCut(DateTime? at) => at is { } t && Cut is { } c ? (t - c).TotalSeconds : null;

    public override string ToString()
    {
        var text = new StringBuilder();
        lock (_events)
        {
            foreach (var (what, at) in _events.OrderBy(e => e.At))
            {
                var offset = SinceCut(at) is { } s ? s.ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " s" : "";
                text.AppendLine(CultureInfo.InvariantCulture, $"{offset,9}  {what}");
            }
        }

        return text.ToString();
    }
}
