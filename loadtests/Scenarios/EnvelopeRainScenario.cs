using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>A red-envelope rain (红包雨) in a live room: --stock envelopes (at most 10,000) worth 500
/// fen on average, behind a chat password, open for the whole run; every shopper claims again and
/// again (ALREADY_CLAIMED and ENVELOPES_GONE are the rain's common answers). The audit checks the
/// claimed sum against the total, one claim per user, and every wallet's ledger against its balance.</summary>
internal sealed class EnvelopeRainScenario(ScenarioContext context) : Scenario(context)
{
    public const long AverageEnvelope = 500;
    private const int ClaimStep = 0;
    private const int MaxEnvelopes = 10_000;
    private const string Password = "load-test";

    private readonly string _roomId = context.RunId + "-room";
    private readonly string _rainId = context.RunId + "-rain";

    public override string Name => "envelope-rain";

    public override IReadOnlyList<string> Steps { get; } = ["claim"];

    // Wallets start empty (not funded), so every fen in them must come from the rain.
    public override AuditPlan AuditPlan => new([], [], null, [_rainId], Context.Users);

    public override async Task SetupAsync(CancellationToken cancellationToken)
    {
        await Setup.LiveRoomAsync(Context, _roomId, cancellationToken);
        var count = Math.Clamp(Context.Options.Stock, 1, MaxEnvelopes);
        var window = Context.Options.WarmUp + Context.Options.Duration + TimeSpan.FromMinutes(1);
        var reply = await Context.Admin.StartEnvelopeRainAsync(
            new StartEnvelopeRainRequest
            {
                RainId = _rainId,
                RoomId = _roomId,
                TotalAmount = count * AverageEnvelope,
                Count = count,
                DurationSeconds = (int)Math.Min(86_400, Math.Ceiling(window.TotalSeconds)),
                Password = Password,
            },
            Context.Call,
            cancellationToken);
        Setup.Require(reply.Result, "StartEnvelopeRain " + _rainId);
    }

    public override async ValueTask IterateAsync(int slot, CancellationToken cancellationToken)
    {
        var user = Context.Users[Context.NextUser()];
        var start = Stopwatch.GetTimestamp();
        Outcome outcome;
        try
        {
            var reply = await Context.Shop(slot).ClaimEnvelopeAsync(
                new ClaimEnvelopeRequest { RainId = _rainId, UserId = user, Password = Password },
                Context.Call,
                cancellationToken);
            outcome = Result(reply.Result);
            if (reply.Result == ResultCode.Ok)
            {
                Context.Acks.EnvelopeClaimed(_rainId, user, reply.Amount);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = Failure(ex);
        }

        Context.Stats.Record(ClaimStep, slot, outcome, start);
    }
}
