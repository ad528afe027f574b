using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>Thousands of server streams watch one room while its drop opens and sells out; the
/// measured latency of the "event" step is each event's fan-out delay (arrival − server time).
/// Virtual users grab meanwhile, which is what produces the stock events.</summary>
internal sealed class RoomWatchScenario(ScenarioContext context) : Scenario(context)
{
    private const int EventStep = 0;
    private const int GrabStep = 1;
    private readonly string _roomId = context.RunId + "-room";
    private readonly string _dropId = context.RunId + "-drop";
    private readonly CancellationTokenSource _stop = new();
    private Task[] _watchers = [];
    private long _connected;

    public override string Name => "room-watch";

    public override IReadOnlyList<string> Steps { get; } = ["event", "grab"];

    public override AuditPlan AuditPlan => new([_dropId], [], Setup.CreditPerUser(Context, 1));

    public override async Task SetupAsync(CancellationToken cancellationToken)
    {
        await Setup.LiveRoomAsync(Context, _roomId, cancellationToken);
        await Setup.FundWalletsAsync(Context, Setup.CreditPerUser(Context, 1), cancellationToken);
        var count = Context.Options.Watchers;
        _watchers = new Task[count];
        for (var i = 0; i < count; i++)
        {
            _watchers[i] = WatchAsync(i);
        }

        // Streams connect before the drop is scheduled, so the countdown and the opening fan out to all.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (Interlocked.Read(ref _connected) < count && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }

        var opensAt = DateTimeOffset.UtcNow + Context.Options.WarmUp + TimeSpan.FromSeconds(1);
        await Setup.DropAsync(Context, _roomId, _dropId, Context.Options.Stock, opensAt, cancellationToken);
    }

    public override async ValueTask IterateAsync(int slot, CancellationToken cancellationToken)
    {
        // Before the opening the answer is NOT_STARTED; a short pause keeps that from being a busy loop.
        var order = await Drops.GrabAsync(Context, GrabStep, slot, _dropId, cancellationToken);
        if (order is null)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public override async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watchers).WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task WatchAsync(int index)
    {
        await Task.Yield();
        var request = new WatchRoomRequest { RoomId = _roomId, UserId = Context.Users[index % Context.Users.Count] };
        var first = true;
        try
        {
            await foreach (var e in Context.Shop(index).WatchRoom(request, null, _stop.Token))
            {
                if (first)
                {
                    first = false;
                    Interlocked.Increment(ref _connected);
                    continue;
                }

                if (e.At is { } at)
                {
                    var delay = DateTimeOffset.UtcNow - at.ToDateTimeOffset();
                    Context.Stats.RecordValue(EventStep, index, Outcome.Ok, Math.Max(0, (long)(delay.Ticks / 10)));
                }
            }
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            Context.Stats.RecordValue(EventStep, index, Failure(ex), 0);
        }
        catch (Exception)
        {
            // the run is over: streams end by cancellation
        }
    }
}
