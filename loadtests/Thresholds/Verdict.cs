using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Cli;

namespace FlashSale.LoadTests.Thresholds;

/// <summary>Turns threshold results and the audit into the run's exit code.</summary>
internal static class Verdict
{
    public static int ExitCode(IReadOnlyList<ThresholdResult> thresholds, AuditReport? audit)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (audit is { Passed: false })
        {
            return ExitCodes.AuditFailed;
        }

        foreach (var t in thresholds)
        {
            if (!t.Passed)
            {
                return ExitCodes.ThresholdsMissed;
            }
        }

        return ExitCodes.Passed;
    }
}
