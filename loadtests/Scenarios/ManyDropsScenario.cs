using FlashSale.LoadTests.Audit;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>Many drops open at once (one room each), each shopper watching one of the rooms (user
/// i grabs in drop i mod <c>--drops</c>, as a viewer does in a live room), so the load is spread
/// evenly over the drop grains (and so over the silos of a cluster) and no shopper sweeps every
/// drop (which the anti-abuse rapid-grab rule would rightly refuse); a share of the wins is paid.
/// Scale-out of independent drops, next to hot-drop's one.</summary>
internal sealed class ManyDropsScenario(ScenarioContext context) : Scenario(context)
{
    private const int GrabStep = 0;
    private const int PayStep = 1;
    private readonly string[] _drops = [.. Enumerable.Range(0, Math.Max(1, context.Options.Drops)).Select(d => $"{context.RunId}-drop{d}")];
    private long _won;

    public override string Name => "many-drops";

    public override IReadOnlyList<string> Steps { get; } = ["grab", "pay"];

    public override AuditPlan AuditPlan => new(_drops, [], Setup.CreditPerUser(Context, _drops.Length));

    public override async Task SetupAsync(CancellationToken cancellationToken)
    {
        for (var d = 0; d < _drops.Length; d++)
        {
            var room = $"{Context.RunId}-room{d}";
            await Setup.LiveRoomAsync(Context, room, cancellationToken);
            await Setup.DropAsync(Context, room, _drops[d], Context.Options.Stock, DateTimeOffset.UtcNow.AddSeconds(-1), cancellationToken);
        }

        await Setup.FundWalletsAsync(Context, Setup.CreditPerUser(Context, _drops.Length), cancellationToken);
    }

    public override async ValueTask IterateAsync(int slot, CancellationToken cancellationToken)
    {
        var user = Context.NextUser();
        var drop = _drops[user % _drops.Length];
        var order = await Drops.GrabAsync(Context, GrabStep, slot, drop, user, cancellationToken);
        if (order is not null && PayShare.ShouldPay(Interlocked.Increment(ref _won), Context.Options.PayShare))
        {
            await Drops.PayAsync(Context, PayStep, slot, order, string.Empty, cancellationToken);
        }
    }
}
