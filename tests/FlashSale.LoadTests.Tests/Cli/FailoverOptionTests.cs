using FlashSale.LoadTests.Cli;

namespace FlashSale.LoadTests.Tests.Cli;

public sealed class FailoverOptionTests
{
    private const string Kill = "kill -9 $(cat /tmp/s2.pid) # password=hunter2";

    [Fact]
    public void Parse_Failover_ReadsCommandsAndTimes()
    {
        var o = LoadCommand.Parse(
        [
            "failover", "--target", "127.0.0.1:5000,127.0.0.1:5010,127.0.0.1:5020", "--failover-kill-cmd", Kill,
            "--failover-restart-cmd", "start-silo 2", "--failover-at", "7s", "--failover-restart-after", "500ms", "--failover-cmd-timeout", "9s",
        ]);

        Assert.Equal([5000, 5010, 5020], o.Targets.Select(t => t.Port));
        var f = Assert.IsType<FailoverOptions>(o.Failover);
        Assert.Equal(Kill, f.KillCommand);
        Assert.Equal("start-silo 2", f.RestartCommand);
        Assert.Equal(TimeSpan.FromSeconds(7), f.At);
        Assert.Equal(TimeSpan.FromMilliseconds(500), f.RestartAfter);
        Assert.Equal(TimeSpan.FromSeconds(9), f.CommandTimeout);
    }

    [Fact]
    public void Parse_FailoverDefaults_FiveSecondsThenThree()
    {
        var f = LoadCommand.Parse(["failover", "--target", "127.0.0.1:5000", "--failover-kill-cmd", Kill]).Failover!;

        Assert.Null(f.RestartCommand);
        Assert.Equal(TimeSpan.FromSeconds(5), f.At);
        Assert.Equal(TimeSpan.FromSeconds(3), f.RestartAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), f.CommandTimeout);
        Assert.Null(LoadCommand.Parse(["hot-drop", "--target", "127.0.0.1:5000"]).Failover);
    }

    [Theory]
    [InlineData("failover", "--target", "127.0.0.1:5000")]
    [InlineData("failover", "--embedded", "--failover-kill-cmd", "true")]
    [InlineData("hot-drop", "--target", "127.0.0.1:5000", "--failover-kill-cmd", "true")]
    [InlineData("mixed", "--target", "127.0.0.1:5000", "--failover-at", "3s")]
    [InlineData("failover", "--target", "127.0.0.1:5000", "--failover-kill-cmd", " ")]
    public void Parse_MisplacedOrMissingFailoverOptions_IsAUsageError(params string[] args)
    {
        Assert.Throws<UsageException>(() => LoadCommand.Parse(args));
    }

    [Fact]
    public void Parse_BadFailoverValue_NeverEchoesTheCommand()
    {
        var error = Assert.Throws<UsageException>(() => LoadCommand.Parse(
            ["failover", "--target", "127.0.0.1:5000", "--failover-kill-cmd", Kill, "--failover-at", "soon"]));

        Assert.Contains("--failover-at", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpText_ListsTheFailoverOptionsAndScenario()
    {
        var help = LoadCommand.HelpText();

        foreach (var option in new[] { "--failover-kill-cmd", "--failover-restart-cmd", "--failover-at", "--failover-restart-after", "--failover-cmd-timeout" })
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }

        Assert.Contains("failover", help, StringComparison.Ordinal);
    }
}
