using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Thresholds;

namespace FlashSale.LoadTests.Tests.Thresholds;

public sealed class ThresholdTests
{
    private static readonly ThresholdSet Gate = new()
    {
        MaxP99 = TimeSpan.FromMilliseconds(25),
        MinRps = 5_000,
        MaxErrorRate = 0.001,
    };

    [Fact]
    public void Evaluate_AllMet_PassesAndExitsZero()
    {
        var results = Gate.Evaluate(new Measured(Requests: 100_000, Errors: 50, Rps: 6_000, P50Ms: 2, P99Ms: 20));

        Assert.All(results, r => Assert.True(r.Passed));
        Assert.Equal(ExitCodes.Passed, Verdict.ExitCode(results, audit: null));
    }

    [Theory]
    [InlineData(30.0, 6_000.0, 50L, "p99")]
    [InlineData(20.0, 4_999.0, 50L, "rps")]
    [InlineData(20.0, 6_000.0, 101L, "error rate")]
    public void Evaluate_OneMissed_ReportsItAndExitsOne(double p99, double rps, long errors, string missed)
    {
        var results = Gate.Evaluate(new Measured(100_000, errors, rps, 1, p99));

        var failed = Assert.Single(results, r => !r.Passed);
        Assert.Equal(missed, failed.Name);
        Assert.Equal(ExitCodes.ThresholdsMissed, Verdict.ExitCode(results, audit: null));
    }

    [Fact]
    public void ExitCode_AuditViolation_FailsEvenWhenThresholdsPass()
    {
        var results = Gate.Evaluate(new Measured(100_000, 0, 9_000, 1, 5));
        var audit = new AuditReport([], [], 0, [new Violation("oversold", "drop d: 101 > 100", ["d"])]);

        Assert.Equal(ExitCodes.AuditFailed, Verdict.ExitCode(results, audit));
    }

    [Fact]
    public void ExitCode_NoThresholdsCleanAudit_IsZero()
    {
        var audit = new AuditReport([], [], 0, []);

        Assert.Equal(ExitCodes.Passed, Verdict.ExitCode(new ThresholdSet().Evaluate(new Measured(0, 0, 0, 0, 0)), audit));
    }

    [Fact]
    public void Parse_IssueThresholds_MapsUnits()
    {
        var options = LoadCommand.Parse(["hot-drop", "--embedded", "--max-p99", "25ms", "--min-rps", "5000", "--max-error-rate", "0.1%"]);

        Assert.Equal(TimeSpan.FromMilliseconds(25), options.Thresholds.MaxP99);
        Assert.Equal(5_000, options.Thresholds.MinRps);
        Assert.Equal(0.001, options.Thresholds.MaxErrorRate!.Value, 9);
    }

    [Theory]
    [InlineData("http://10.0.0.5:5000")]
    [InlineData("http://example.com:5000")]
    [InlineData("https://127.0.0.1:5000")]
    public void Parse_NonLoopbackTarget_IsAUsageError(string target)
    {
        Assert.Throws<UsageException>(() => LoadCommand.Parse(["baseline", "--target", target]));
    }

    [Fact]
    public void Parse_SeveralTargetsAndLoads_KeepsOrder()
    {
        var options = LoadCommand.Parse(["baseline", "--target", "127.0.0.1:5000,localhost:5002", "--load", "ramp-inject:500:2s", "--load", "inject:500/s:10s"]);

        Assert.Equal(2, options.Targets.Count);
        Assert.Equal(5002, options.Targets[1].Port);
        Assert.True(options.BuildPlan().IsOpen);
        Assert.Equal(TimeSpan.FromSeconds(12), options.BuildPlan().Duration);
    }
}
