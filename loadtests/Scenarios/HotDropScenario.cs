using FlashSale.LoadTests.Audit;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>Every user races for one drop: grab one unit, then pay a share of the won orders.</summary>
internal sealed class HotDropScenario(ScenarioContext context) : Scenario(context)
{
    private const int GrabStep = 0;
    private const int PayStep = 1;
    private readonly string _roomId = context.RunId + "-room";
    private readonly string _dropId = context.RunId + "-drop";
    private long _won;

    public override string Name => "hot-drop";

    public override IReadOnlyList<string> Steps { get; } = ["grab", "pay"];

    public override AuditPlan AuditPlan => new([_dropId], [], Setup.CreditPerUser(Context, 1));

    public override async Task SetupAsync(CancellationToken cancellationToken)
    {
        await Setup.LiveRoomAsync(Context, _roomId, cancellationToken);
        await Setup.DropAsync(Context, _roomId, _dropId, Context.Options.Stock, DateTimeOffset.UtcNow.AddSeconds(-1), cancellationToken);
        await Setup.FundWalletsAsync(Context, Setup.CreditPerUser(Context, 1), cancellationToken);
    }

    public override async ValueTask IterateAsync(int slot, CancellationToken cancellationToken)
    {
        var order = await Drops.GrabAsync(Context, GrabStep, slot, _dropId, cancellationToken);
        if (order is not null && PayShare.ShouldPay(Interlocked.Increment(ref _won), Context.Options.PayShare))
        {
            await Drops.PayAsync(Context, PayStep, slot, order, string.Empty, cancellationToken);
        }
    }
}
