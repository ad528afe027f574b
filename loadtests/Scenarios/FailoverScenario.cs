using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Failover;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>A grab-and-pay load on one drop through every target while a silo is killed and started
/// again by the operator's commands (<see cref="FailoverSchedule"/>). The audit must stay clean: every
/// acknowledged grab and payment stored, no oversell, the per-user limit held.</summary>
internal sealed class FailoverScenario : Scenario
{
    private const int GrabStep = 0;
    private const int PayStep = 1;
    private readonly string _roomId;
    private readonly string _dropId;
    private readonly FailoverSchedule _schedule;
    private long _won;

    public FailoverScenario(ScenarioContext context)
        : base(context)
    {
        var failover = context.Options.Failover ?? throw new Cli.UsageException("failover needs --failover-kill-cmd");
        _roomId = context.RunId + "-room";
        _dropId = context.RunId + "-drop";
        _schedule = new FailoverSchedule(failover, context.Options.Targets, () => context.Acks.Grabs.Count);
    }

    public override string Name => "failover";

    public override IReadOnlyList<string> Steps { get; } = ["grab", "pay"];

    public override AuditPlan AuditPlan => new([_dropId], [], Setup.CreditPerUser(Context, 1));

    public override IReadOnlyList<string> Notes => _schedule.Notes;

    public override string? RunFailure => _schedule.Failure;

    /// <summary>Grabs acknowledged once every target served again (the run rode through the failover).</summary>
    public int AcknowledgedAfterRecovery => _schedule.AcknowledgedAfterRecovery;

    public override async Task SetupAsync(CancellationToken cancellationToken)
    {
        await Setup.LiveRoomAsync(Context, _roomId, cancellationToken);
        await Setup.DropAsync(Context, _roomId, _dropId, Context.Options.Stock, DateTimeOffset.UtcNow.AddSeconds(-1), cancellationToken);
        await Setup.FundWalletsAsync(Context, Setup.CreditPerUser(Context, 1), cancellationToken);
    }

    public override void LoadStarting(CancellationToken cancellationToken) => _schedule.Start(cancellationToken);

    public override ValueTask IterateAsync(int slot, CancellationToken cancellationToken) => IterateCoreAsync(slot, cancellationToken);

    public override Task StopAsync() => _schedule.CompleteAsync();

    private async ValueTask IterateCoreAsync(int slot, CancellationToken cancellationToken)
    {
        var order = await Drops.GrabAsync(Context, GrabStep, slot, _dropId, cancellationToken);
        if (order is not null && PayShare.ShouldPay(Interlocked.Increment(ref _won), Context.Options.PayShare))
        {
            await Drops.PayAsync(Context, PayStep, slot, order, string.Empty, cancellationToken);
        }
    }
}
