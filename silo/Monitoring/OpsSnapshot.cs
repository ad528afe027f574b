using FlashSale.Silo.Monitoring.Alerts;

namespace FlashSale.Silo.Monitoring;

/// <summary>What the dashboard shows at one moment (sent as JSON over server-sent events). Stock
/// comes from the drop grains, so it is the cluster's; rates are this silo's own traffic.</summary>
public sealed record OpsSnapshot(
    long Version,
    DateTimeOffset At,
    string Silo,
    TrafficView Traffic,
    IReadOnlyList<RoomView> Rooms,
    IReadOnlyList<SiloView> Silos,
    long Activations,
    IReadOnlyList<AlertState> Alerts)
{
    public static readonly OpsSnapshot Empty = new(0, DateTimeOffset.UnixEpoch, "", new TrafficView(0, null, 0, new Dictionary<string, long>()), [], [], 0,
        [.. AlertRules.All.Select(name => new AlertState(name, false, "not evaluated yet", null))]);
}

/// <summary>This silo's grabs per second and p99 over the last <see cref="OpsMonitor.RateWindow"/>,
/// and rejections by reason over the last minute.</summary>
public sealed record TrafficView(double GrabsPerSecond, double? GrabP99Milliseconds, long RejectionsLastMinute, IReadOnlyDictionary<string, long> RejectionsByReason);

public sealed record RoomView(string RoomId, string Title, string State, int Viewers, IReadOnlyList<DropView> Drops);

public sealed record DropView(
    string DropId, string Title, string State, int Quantity, int Remaining, int Reserved, int Sold,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt);

public sealed record SiloView(string Address, string Name, string HostName, string Status, DateTimeOffset StartedAt, int? Activations);
