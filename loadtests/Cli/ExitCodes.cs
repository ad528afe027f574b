namespace FlashSale.LoadTests.Cli;

/// <summary>The runner's exit codes; a CI gate only needs "zero or not", a person wants to know why.</summary>
internal static class ExitCodes
{
    public const int Passed = 0;

    /// <summary>One or more thresholds were missed.</summary>
    public const int ThresholdsMissed = 1;

    /// <summary>The audit found a broken invariant (wins over missed thresholds).</summary>
    public const int AuditFailed = 2;

    public const int Usage = 3;

    /// <summary>The run could not be carried out (target unreachable, setup refused, …).</summary>
    public const int Failed = 4;
}
