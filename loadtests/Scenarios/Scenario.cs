using FlashSale.Client;
using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>A load scenario: named steps (each measured on its own), a setup through the admin
/// API, one iteration run by the load driver, and what the audit must check afterwards.</summary>
internal abstract class Scenario(ScenarioContext context)
{
    protected ScenarioContext Context { get; } = context;

    public abstract string Name { get; }

    public abstract IReadOnlyList<string> Steps { get; }

    /// <summary>What to audit after the run; null for scenarios without state (baseline).</summary>
    public virtual AuditPlan? AuditPlan => null;

    public virtual Task SetupAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract ValueTask IterateAsync(int slot, CancellationToken cancellationToken);

    /// <summary>Ends what the scenario keeps open (streams) once the load stops.</summary>
    public virtual Task StopAsync() => Task.CompletedTask;

    /// <summary>Called just before the first iteration; <paramref name="cancellationToken"/> bounds the whole run.</summary>
    public virtual void LoadStarting(CancellationToken cancellationToken)
    {
    }

    /// <summary>Lines for the run's output once the load stopped (e.g. what the failover did).</summary>
    public virtual IReadOnlyList<string> Notes => [];

    /// <summary>Why the run did not go as configured (it then exits as failed); null when it did.</summary>
    public virtual string? RunFailure => null;

    protected static Outcome Result(FlashSale.Api.V1.ResultCode code) =>
        code == FlashSale.Api.V1.ResultCode.Ok ? Outcome.Ok : Outcome.Rejected((int)code);

    /// <summary>gRPC failures by status; anything else (a bug or a socket error outside the
    /// client's mapping) as a client error, so one bad call never stops a virtual user.</summary>
    protected static Outcome Failure(Exception exception) =>
        exception is Grpc.Core.RpcException rpc ? Outcome.Error((int)rpc.StatusCode) : Outcome.Error(Outcome.ClientError);
}
