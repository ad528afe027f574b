using System.Diagnostics;
using FlashSale.LoadTests.Failover;

namespace FlashSale.LoadTests.Tests.Failover;

public sealed class ShellCommandTests
{
    [Fact]
    public async Task RunAsync_Command_ReportsItsExitCode()
    {
        var ok = await ShellCommand.RunAsync("true", TimeSpan.FromSeconds(10), CancellationToken.None).WithTimeout();
        var failed = await ShellCommand.RunAsync("exit 7", TimeSpan.FromSeconds(10), CancellationToken.None).WithTimeout();

        Assert.True(ok.Succeeded);
        Assert.Equal(7, failed.ExitCode);
        Assert.False(failed.Succeeded);
    }

    [Fact]
    public async Task RunAsync_CommandOverTheTimeout_IsKilledWithItsChildren()
    {
        var marker = Path.Combine(Path.GetTempPath(), "flashsale-shell-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();

        var result = await ShellCommand.RunAsync($"sleep 30; touch '{marker}'", TimeSpan.FromMilliseconds(300), CancellationToken.None).WithTimeout();

        Assert.Null(result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.StartsWith("killed after", result.Describe(), StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task RunAsync_CommandStartingABackgroundProcess_ReturnsWithoutWaitingForIt()
    {
        // A restart command starts a silo in the background; the runner must not wait for its output.
        var pidFile = Path.Combine(Path.GetTempPath(), "flashsale-shell-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await ShellCommand.RunAsync($"sleep 20 & echo $! > '{pidFile}'; echo printed", TimeSpan.FromSeconds(15), CancellationToken.None).WithTimeout();

            Assert.True(result.Succeeded);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        }
        finally
        {
            if (File.Exists(pidFile))
            {
                using var sleeper = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
                sleeper.Kill();
                File.Delete(pidFile);
            }
        }
    }
}
