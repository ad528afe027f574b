using System.Diagnostics;
using FlashSale.Client;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Hosting;
using FlashSale.LoadTests.Metrics;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Engine;

/// <summary>One run end to end: (embedded silo), channels, setup, load with live progress,
/// audit, thresholds, reports, exit code.</summary>
internal sealed partial class LoadRunner(RunOptions options, TextWriter output)
{
    /// <summary>Past the plan, setup and drain, a run is cut off by this much at the latest.</summary>
    private static readonly TimeSpan Overrun = TimeSpan.FromMinutes(10);

    /// <summary>The report folder of the last run (set once reports are written).</summary>
    public string? ReportDirectory { get; private set; }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var plan = options.BuildPlan();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(plan.Duration + options.WarmUp + Overrun);
        EmbeddedSilo? silo = null;
        var channels = new List<FlashSaleChannel>();
        try
        {
            var targets = options.Targets;
            var token = options.AdminToken;
            ShopperTokens? shopperTokens = null;
            if (options.Embedded)
            {
                silo = await EmbeddedSilo.StartAsync(options.Storage, bounded.Token, options.Postgres, options.GroupCommit);
                targets = [silo.GrpcAddress];
                token = silo.AdminToken;
                shopperTokens = silo.Tokens;
                output.WriteLine($"embedded silo ({options.Storage}, group commit {(options.GroupCommit is false ? "off" : "on")}) on {silo.GrpcAddress}");
            }

            token ??= AdminTokens.Find();
            shopperTokens ??= AdminTokens.FindShopperTokens(options.SigningKeyFile);
            if (shopperTokens is null)
            {
                output.WriteLine("no signing key (--signing-key-file, FLASHSALE_SIGNING_KEY_FILE or ./data/jwt-signing-key): shopper calls go without tokens");
            }

            channels.AddRange(CreateChannels(targets, token, shopperTokens));
            var runId = $"lt{DateTime.UtcNow:MMddHHmmss}{Random.Shared.Next(0x1000):x3}";
            var context = new ScenarioContext(options, channels, new AdminClient(channels[0]), runId);
            var scenario = ScenarioCatalog.Create(options.Scenario, context);
            var shards = Math.Clamp(Math.Max(plan.MaxConcurrency, Environment.ProcessorCount * 4), 1, 64);
            context.Stats = new RunStats(scenario.Steps, shards, (int)Math.Ceiling(plan.Duration.TotalSeconds) + 60);
            return await RunScenarioAsync(scenario, context, plan, [.. targets.Select(t => t.ToString())], bounded.Token);
        }
        catch (Grpc.Core.RpcException ex)
        {
            output.WriteLine($"run failed: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (SetupException ex)
        {
            output.WriteLine($"setup refused: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("run cancelled");
            return ExitCodes.Failed;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private async Task<int> RunScenarioAsync(Scenario scenario, ScenarioContext context, Load.LoadPlan plan, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        output.WriteLine($"{scenario.Name}: setting up (run id {context.RunId}, {context.Users.Count} shoppers)");
        await scenario.SetupAsync(cancellationToken);

        var runPlan = plan.WithWarmUp(options.WarmUp);
        var driver = new LoadDriver(runPlan, TimeProvider.System, new DriverLimits(options.MaxRequests, options.MaxInFlight, options.CallTimeout + TimeSpan.FromSeconds(5)));
        var startedAt = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(options.WarmUp.TotalSeconds * Stopwatch.Frequency);
        context.Stats.StartMeasuring(measureFrom);
        output.WriteLine($"{scenario.Name}: {Describe(plan)}{(options.WarmUp > TimeSpan.Zero ? $" after {options.WarmUp.TotalSeconds:0.#}s warm-up" : "")}");

        scenario.LoadStarting(cancellationToken);
        var run = driver.RunAsync(scenario.IterateAsync, cancellationToken);
        var sampler = new Console.ProgressSampler(context.Stats, measureFrom, plan.Duration.TotalSeconds);
        await Console.ProgressView.ShowAsync(Console.ProgressView.UseLive(options.Plain), scenario.Name, sampler, run);
        await run;
        var end = Stopwatch.GetTimestamp();
        await scenario.StopAsync();
        foreach (var note in scenario.Notes)
        {
            output.WriteLine(note);
        }

        var seconds = Math.Max(0.001, (double)(end - measureFrom) / Stopwatch.Frequency);

        Audit.AuditReport? audit = null;
        if (scenario.AuditPlan is { } auditPlan)
        {
            output.WriteLine($"{scenario.Name}: auditing {auditPlan.DropIds.Count} drop(s), {auditPlan.PoolIds.Count} pool(s), {auditPlan.RainIds?.Count ?? 0} rain(s)");
            var view = new Audit.AdminServerView(context.Admin, context.AnyShop, options.CallTimeout);
            // After a failover, an interrupted payment settles when its shopper wakes (see InvariantAudit.RunAsync).
            var settle = options.Failover is null ? (TimeSpan?)null : TimeSpan.FromSeconds(2);
            audit = await new Audit.InvariantAudit(view).RunAsync(auditPlan, context.Acks, cancellationToken, settle);
        }

        var result = BuildResult(scenario, context.Stats, driver, audit, startedAt, seconds, targets, Describe(plan));
        ReportDirectory = options.ReportDirectory ?? Path.Combine("reports", $"{scenario.Name}-{startedAt:yyyyMMdd-HHmmss}");
        await Reporting.ReportWriter.WriteAsync(result, ReportDirectory, CancellationToken.None);
        PrintSummary(result, ReportDirectory);
        if (scenario.RunFailure is { } failure)
        {
            output.WriteLine($"run failed: {failure}");
            return result.ExitCode == ExitCodes.Passed ? ExitCodes.Failed : result.ExitCode;
        }

        // A run in which no call got an answer from the server (all refused: no token, wrong address,
        // silo down throughout) measured nothing, whatever the thresholds given.
        if (result.Total.Requests > 0 && result.Total.Ok == 0 && result.Total.Rejected.Values.Sum() == 0)
        {
            var (status, count) = result.Total.Errors.MaxBy(e => e.Value);
            var what = status == Metrics.Outcome.ClientError ? "a client-side error" : "status " + (Grpc.Core.StatusCode)status;
            output.WriteLine($"run failed: every call failed (most often {what}, {count} times)");
            return result.ExitCode == ExitCodes.Passed ? ExitCodes.Failed : result.ExitCode;
        }

        return result.ExitCode;
    }
}
