using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>Many rooms and drops at once: 60% browsing (GetRoom), 40% grabbing a random drop,
/// paying a share of the wins.</summary>
internal sealed class MixedScenario(ScenarioContext context) : Scenario(context)
{
    private const int BrowseStep = 0;
    private const int GrabStep = 1;
    private const int PayStep = 2;
    private readonly string[] _rooms = [.. Enumerable.Range(0, context.Options.Rooms).Select(r => $"{context.RunId}-room{r}")];
    private readonly string[] _drops = [.. Enumerable.Range(0, context.Options.Rooms * 2).Select(d => $"{context.RunId}-drop{d}")];
    private long _won;

    public override string Name => "mixed";

    public override IReadOnlyList<string> Steps { get; } = ["browse", "grab", "pay"];

    public override AuditPlan AuditPlan => new(_drops, [], Setup.CreditPerUser(Context, _drops.Length));

    public override async Task SetupAsync(CancellationToken cancellationToken)
    {
        for (var d = 0; d < _drops.Length; d++)
        {
            var room = _rooms[d / 2];
            if (d % 2 == 0)
            {
                await Setup.LiveRoomAsync(Context, room, cancellationToken);
            }

            await Setup.DropAsync(Context, room, _drops[d], Context.Options.Stock, DateTimeOffset.UtcNow.AddSeconds(-1), cancellationToken);
        }

        await Setup.FundWalletsAsync(Context, Setup.CreditPerUser(Context, _drops.Length), cancellationToken);
    }

    public override async ValueTask IterateAsync(int slot, CancellationToken cancellationToken)
    {
        var dice = Random.Shared.Next(100);
        if (dice < 60)
        {
            await BrowseAsync(slot, _rooms[Random.Shared.Next(_rooms.Length)], cancellationToken);
            return;
        }

        var order = await Drops.GrabAsync(Context, GrabStep, slot, _drops[Random.Shared.Next(_drops.Length)], cancellationToken);
        if (order is not null && PayShare.ShouldPay(Interlocked.Increment(ref _won), Context.Options.PayShare))
        {
            await Drops.PayAsync(Context, PayStep, slot, order, string.Empty, cancellationToken);
        }
    }

    private async ValueTask BrowseAsync(int slot, string roomId, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        Outcome outcome;
        try
        {
            await Context.Shop(slot).GetRoomAsync(new GetRoomRequest { RoomId = roomId }, Context.Call, cancellationToken);
            outcome = Outcome.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = Failure(ex);
        }

        Context.Stats.Record(BrowseStep, slot, outcome, start);
    }
}
