using System.Diagnostics.Metrics;
using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Silo.Monitoring.Alerts;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FlashSale.Silo.Monitoring;

/// <summary>
/// Every <see cref="AlertOptions.EvaluateEvery"/>: reads the rooms (room directory, then each room's
/// status with its drops, as the admin API does) and the cluster (Orleans' management grain),
/// samples the viewers, evaluates the alerts and publishes an <see cref="OpsSnapshot"/> for the
/// dashboard. Its gauges (alerts, viewers, silos, activations, open drops' stock) export the same
/// figures to /metrics.
/// </summary>
public sealed partial class OpsMonitor : BackgroundService
{
    /// <summary>Rates shown on the dashboard are averaged over this window.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>The dashboard follows the most recent rooms only.</summary>
    public const int MaxRooms = 20;

    private static readonly Empty NoArgument = new();

    private readonly IGrainFactory _grains;
    private readonly LiveStats _stats;
    private readonly AlertBoard _alerts;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILocalSiloDetails _local;
    private readonly ILogger<OpsMonitor> _log;
    private readonly Meter _meter;
    private readonly Lock _lock = new();
    private OpsSnapshot _latest = OpsSnapshot.Empty;
    private TaskCompletionSource<OpsSnapshot> _next = NewSignal();

    public OpsMonitor(
        IGrainFactory grains, LiveStats stats, AlertBoard alerts, IOptions<AlertOptions> options, TimeProvider time,
        IHostApplicationLifetime lifetime, ILocalSiloDetails local, IMeterFactory meters, ILogger<OpsMonitor> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _grains = grains;
        _stats = stats;
        _alerts = alerts;
        _options = options.Value;
        _options.Validate();
        _time = time;
        _lifetime = lifetime;
        _local = local;
        _log = log;
        _meter = meters.Create(FlashSaleMetrics.MeterName);
        CreateGauges();
    }

    public OpsSnapshot Latest => Volatile.Read(ref _latest);

    /// <summary>The first snapshot newer than <paramref name="version"/> (at once if there is one).</summary>
    public Task<OpsSnapshot> NextAsync(long version, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _latest.Version > version ? Task.FromResult(_latest) : _next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Samples, evaluates and publishes once (the loop's step; tests call it directly).</summary>
    public async Task<OpsSnapshot> SampleAsync(CancellationToken cancellationToken)
    {
        var rooms = await ReadRoomsAsync(cancellationToken);
        var (silos, activations) = await ReadClusterAsync();
        _stats.RecordViewers(rooms.Where(r => r.State == nameof(RoomState.Live)).Sum(r => (long)r.Viewers));

        var open = rooms.SelectMany(r => r.Drops)
            .Where(d => d.State is nameof(DropState.Open) or nameof(DropState.EarlyAccess))
            .Select(d => new DropStock(d.DropId, d.Remaining))
            .ToList();
        _alerts.Apply(AlertRules.Evaluate(AlertInputs.From(open, _stats, _options), _options));

        var rate = _stats.Window(RateWindow, TimeSpan.Zero);
        var minute = _stats.Window(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var traffic = new TrafficView(
            Math.Round(rate.PerSecond(rate.Grabs), 1),
            rate.GrabLatency(0.99) is { } p99 ? Math.Round(p99.TotalMilliseconds, 2) : null,
            minute.RejectionCount,
            minute.Rejections);
        return Publish(version => new OpsSnapshot(version, _time.GetUtcNow(), _local.SiloAddress.ToString(), traffic, rooms, silos, activations, _alerts.Current));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls wait for the silo to be up.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        using var timer = new PeriodicTimer(_options.EvaluateEvery, _time);
        do
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await SampleAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                MonitoringLog.SampleFailed(_log, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    private static TaskCompletionSource<OpsSnapshot> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OpsSnapshot Publish(Func<long, OpsSnapshot> create)
    {
        TaskCompletionSource<OpsSnapshot> signal;
        OpsSnapshot snapshot;
        lock (_lock)
        {
            snapshot = create(_latest.Version + 1);
            Volatile.Write(ref _latest, snapshot);
            signal = _next;
            _next = NewSignal();
        }

        signal.TrySetResult(snapshot);
        return snapshot;
    }

    private async Task<IReadOnlyList<RoomView>> ReadRoomsAsync(CancellationToken cancellationToken)
    {
        var list = await _grains.Resolve<IRoomDirectoryGrain>(RoomDirectory.Key).List(NoArgument, cancellationToken).ConfigureAwait(false);
        var recent = list.RoomIds.Skip(Math.Max(0, list.RoomIds.Count - MaxRooms)).Reverse();
        var statuses = await Task.WhenAll(recent.Select(id => _grains.Resolve<ILiveRoomGrain>(id).GetStatus(NoArgument, cancellationToken))).ConfigureAwait(false);
        return [.. statuses.Where(s => s.State != RoomState.Unspecified).Select(ToView)];
    }

    private async Task<(IReadOnlyList<SiloView> Silos, long Activations)> ReadClusterAsync()
    {
        var management = _grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: true).ConfigureAwait(false);
        var addresses = hosts.Select(h => h.SiloAddress).ToArray();
        var statistics = addresses.Length == 0 ? [] : await management.GetRuntimeStatistics(addresses).ConfigureAwait(false);
        var silos = hosts.Select((h, i) => new SiloView(
            h.SiloAddress.ToString(), h.SiloName, h.HostName, h.Status.ToString(), new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
            i < statistics.Length ? statistics[i].ActivationCount : null)).ToList();
        return (silos, silos.Sum(s => (long)(s.Activations ?? 0)));
    }

    private static RoomView ToView(RoomStatus room) => new(
        room.RoomId, room.Title, room.State.ToString(), room.Viewers,
        [.. room.Drops.Select(d => new DropView(
            d.DropId, d.Title, d.State.ToString(), d.Quantity, d.Remaining, d.Reserved, d.Sold,
            d.OpensAt?.ToDateTimeOffset(), d.ClosesAt?.ToDateTimeOffset()))]);
}
