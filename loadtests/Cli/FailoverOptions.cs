namespace FlashSale.LoadTests.Cli;

/// <summary>How the failover scenario kills a silo and brings it back. The commands are run with
/// <c>/bin/sh -c</c>; they may hold secrets (a connection string, a token), so the runner never
/// prints them, nor their output.</summary>
internal sealed record FailoverOptions
{
    /// <summary>Run once the load has run for <see cref="At"/>, e.g. <c>kill -9 $(cat silo2.pid)</c>.</summary>
    public required string KillCommand { get; init; }

    /// <summary>Run <see cref="RestartAfter"/> after the kill command returned; null leaves the silo down.</summary>
    public string? RestartCommand { get; init; }

    /// <summary>Time into the load (warm-up included) at which the kill command runs.</summary>
    public TimeSpan At { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Bound of each command; one still running then is killed with its process tree.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After the restart, how long every target may take to answer health SERVING again
    /// before the audit starts anyway.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
