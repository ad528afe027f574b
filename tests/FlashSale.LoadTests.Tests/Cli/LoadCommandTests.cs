using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Load;

namespace FlashSale.LoadTests.Tests.Cli;

/// <summary>The System.CommandLine command line: every option, the defaults, errors and --help.</summary>
public sealed class LoadCommandTests
{
    [Fact]
    public void Parse_EveryOption_SetsItsField()
    {
        var o = LoadCommand.Parse(
        [
            "Mixed", "--target", "127.0.0.1:5000", "--target", "http://localhost:5002", "--embedded",
            "--storage", "memory", "--group-commit", "on", "--admin-token", "t0k",
            "--users", "500", "--concurrency", "12", "--stock", "300", "--per-user-limit", "3",
            "--duration", "2m", "--warmup", "500ms", "--load", "constant:8:5s",
            "--max-p50", "5ms", "--max-p99", "25ms", "--min-rps", "100/s", "--max-error-rate", "1%",
            "--report", "out/r", "--connections", "2", "--timeout", "3s", "--max-requests", "1000",
            "--max-in-flight", "50", "--pay-share", "0.25", "--watchers", "40", "--rooms", "6", "--plain",
        ]);

        Assert.Equal("mixed", o.Scenario);
        Assert.Equal([5000, 5002], o.Targets.Select(t => t.Port));
        Assert.True(o.Embedded);
        Assert.Equal("memory", o.Storage);
        Assert.True(o.GroupCommit);
        Assert.Equal("t0k", o.AdminToken);
        Assert.Equal(500, o.Users);
        Assert.Equal(12, o.Concurrency);
        Assert.Equal(300, o.Stock);
        Assert.Equal(3, o.PerUserLimit);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.WarmUp);
        Assert.Equal(new KeepConstant(8, TimeSpan.FromSeconds(5)), Assert.Single(o.Loads));
        Assert.Equal(TimeSpan.FromMilliseconds(5), o.Thresholds.MaxP50);
        Assert.Equal(TimeSpan.FromMilliseconds(25), o.Thresholds.MaxP99);
        Assert.Equal(100, o.Thresholds.MinRps);
        Assert.Equal(0.01, o.Thresholds.MaxErrorRate!.Value, 9);
        Assert.Equal("out/r", o.ReportDirectory);
        Assert.Equal(2, o.ConnectionsPerTarget);
        Assert.Equal(TimeSpan.FromSeconds(3), o.CallTimeout);
        Assert.Equal(1_000, o.MaxRequests);
        Assert.Equal(50, o.MaxInFlight);
        Assert.Equal(0.25, o.PayShare);
        Assert.Equal(40, o.Watchers);
        Assert.Equal(6, o.Rooms);
        Assert.True(o.Plain);
    }

    [Fact]
    public void Parse_OnlyScenarioAndTarget_GivesTheDocumentedDefaults()
    {
        var o = LoadCommand.Parse(["hot-drop", "--target", "127.0.0.1:5000", "--users", "30"]);

        Assert.False(o.Embedded);
        Assert.Equal("sqlite", o.Storage);
        Assert.Null(o.AdminToken);
        Assert.Equal(30, o.Concurrency);   // min(users, 64)
        Assert.Equal(30, o.Watchers);      // min(users, 1000)
        Assert.Equal(10_000, o.Stock);
        Assert.Null(o.PerUserLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Duration);
        Assert.Equal(TimeSpan.Zero, o.WarmUp);
        Assert.Empty(o.Loads);
        Assert.True(o.Thresholds.IsEmpty);
        Assert.Null(o.ReportDirectory);
        Assert.Equal(4, o.ConnectionsPerTarget);
        Assert.Equal(TimeSpan.FromSeconds(10), o.CallTimeout);
        Assert.Equal(50_000_000, o.MaxRequests);
        Assert.Equal(10_000, o.MaxInFlight);
        Assert.Equal(0.5, o.PayShare);
        Assert.Equal(4, o.Rooms);
        Assert.False(o.Plain);

        var many = LoadCommand.Parse(["baseline", "--embedded"]);
        Assert.Equal(1_000, many.Users);
        Assert.Equal(64, many.Concurrency);
        Assert.Equal(1_000, many.Watchers);
    }

    [Theory]
    [InlineData("--users", "abc")]
    [InlineData("--users", "0")]
    [InlineData("--duration", "soon")]
    [InlineData("--timeout", "0s")]
    [InlineData("--max-error-rate", "-1")]
    [InlineData("--min-rps", "fast")]
    [InlineData("--load", "inject:fast:1s")]
    [InlineData("--storage", "oracle")]
    [InlineData("--max-p99", "x")]
    public void Parse_InvalidValue_IsAUsageErrorNamingTheOption(string option, string value)
    {
        var ex = Assert.Throws<UsageException>(() => LoadCommand.Parse(["hot-drop", "--embedded", option, value]));

        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hot-drop", "--embedded", "--bogus")]
    [InlineData("hot-drop", "--embedded", "--users")]
    [InlineData("black-friday", "--embedded")]
    [InlineData("--embedded")]
    [InlineData("hot-drop")]
    public void Parse_BadCommandLine_IsAUsageError(params string[] args)
    {
        Assert.Throws<UsageException>(() => LoadCommand.Parse(args));
    }

    [Fact]
    public void HelpText_ListsEveryOption_AndNeverTheTokenFromTheEnvironment()
    {
        const string secret = "s3cr3t-token-from-env-7f2a";
        var before = Environment.GetEnvironmentVariable("FLASHSALE_ADMIN_TOKEN");
        Environment.SetEnvironmentVariable("FLASHSALE_ADMIN_TOKEN", secret);
        try
        {
            var help = LoadCommand.HelpText();
            var error = Assert.Throws<UsageException>(() => LoadCommand.Parse(["hot-drop", "--embedded", "--users", "x"]));

            foreach (var option in new[]
            {
                "--target", "--embedded", "--storage", "--postgres", "--group-commit", "--admin-token", "--users",
                "--concurrency", "--stock", "--per-user-limit", "--duration", "--warmup", "--load", "--max-p50",
                "--max-p99", "--min-rps", "--max-error-rate", "--report", "--connections", "--timeout",
                "--max-requests", "--max-in-flight", "--pay-share", "--watchers", "--rooms", "--plain", "--signing-key-file",
            })
            {
                Assert.Contains(option, help, StringComparison.Ordinal);
            }

            Assert.Contains("hot-drop", help, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, help, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.Null(LoadCommand.Parse(["hot-drop", "--embedded"]).AdminToken);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FLASHSALE_ADMIN_TOKEN", before);
        }
    }
}
