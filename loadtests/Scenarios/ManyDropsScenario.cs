using FlashSale.LoadTests.Audit;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>Many drops open at once (one room each), every iteration grabbing the next drop in
/// turn, so the load is spread evenly over <c>--drops</c> drop grains (and so over the silos of a
/// cluster); a share of the wins is paid. Scale-out of independent drops, next to hot-drop's one.</summary>
internal sealed class ManyDropsScenario(ScenarioContext context) : Scenario(context)
{
    private const int GrabStep = 0;
    private const int PayStep = 1;
    private readonly string[] _drops = [.. Enumerable.Range(0, Math.Max(1, context.Options.Drops)).Select(d => $"{context.RunId}-drop{d}")];
    private long _next = -1;
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
        var drop = _drops[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_drops.Length)];
        var order = await Drops.GrabAsync(Context, GrabStep, slot, drop, cancellationToken);
        if (order is not null && PayShare.ShouldPay(Interlocked.Increment(ref _won), Context.Options.PayShare))
        {
            await Drops.PayAsync(Context, PayStep, slot, order, string.Empty, cancellationToken);
        }
    }
}
