using System.Diagnostics;
using FlashSale.LoadTests.Metrics;
using Grpc.Health.V1;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>The health check: what the protocol costs with no work behind it, the yardstick
/// the drop scenarios are compared with.</summary>
internal sealed class BaselineScenario(ScenarioContext context) : Scenario(context)
{
    public override string Name => "baseline";

    public override IReadOnlyList<string> Steps { get; } = ["health"];

    public override async ValueTask IterateAsync(int slot, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        Outcome outcome;
        try
        {
            var reply = await Context.Health(slot).CheckAsync(string.Empty, Context.Call, cancellationToken);
            outcome = reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? Outcome.Ok
                : Outcome.Rejected((int)reply.Status);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = Failure(ex);
        }

        Context.Stats.Record(0, slot, outcome, start);
    }
}
