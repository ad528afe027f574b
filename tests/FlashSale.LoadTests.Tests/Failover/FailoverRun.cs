using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Engine;
using Xunit.Abstractions;

namespace FlashSale.LoadTests.Tests.Failover;

/// <summary>Runs the failover scenario end to end against a <see cref="SiloFleet"/>: silo processes on
/// loopback, killed with SIGKILL and started again by the runner's own --failover-*-cmd commands while it
/// grabs through every target. The audit must come out clean and grabs must be acknowledged again after
/// the restart. Each test class picks the fleet (SQLite, a PostgreSQL cluster).</summary>
internal static partial class FailoverRun
{
    /// <param name="duringOutage">True when other silos serve while the killed one is down (a cluster):
    /// grabs must be acknowledged during the outage; false (a single silo): after the restart.</param>
    public static async Task RunThroughFailoverAsync(SiloFleet fleet, int killed, string duration, string at, bool duringOutage, ITestOutputHelper output)
    {
        var reports = Directory.CreateTempSubdirectory("flashsale-lt-failover-").FullName;
        await RunAsync(fleet, killed, duration, at, duringOutage, reports, output);

        // Kept when the run failed, for its report.
        Directory.Delete(reports, recursive: true);
    }

    private static async Task RunAsync(SiloFleet fleet, int killed, string duration, string at, bool duringOutage, string reports, ITestOutputHelper output)
    {
        // Arrange: enough stock that the drop never sells out, so grabs keep being acknowledged.
        var firstPid = fleet.Pid(killed);
        var options = LoadCommand.Parse(
        [
            "failover", "--target", string.Join(',', fleet.Targets), "--admin-token", fleet.AdminToken,
            "--signing-key-file", fleet.SigningKeyFile,
            "--duration", duration, "--timeout", "20s", "--concurrency", "8", "--users", "200", "--stock", "100000",
            "--failover-kill-cmd", fleet.KillCommand(killed), "--failover-restart-cmd", fleet.StartCommand(killed),
            "--failover-at", at, "--failover-restart-after", "1s", "--report", reports, "--plain",
        ]);
        using var log = new StringWriter();

        // Act
        var exit = await new LoadRunner(options, log).RunAsync(CancellationToken.None).WithTimeout(TimeSpan.FromMinutes(4));

        // Assert: the silo really died and a new process serves; the runner saw it all and audits clean.
        var text = log.ToString();
        output.WriteLine(text);
        Assert.True(exit == ExitCodes.Passed, $"exit {exit}\n{text}\n{fleet.Logs()}");
        Assert.False(fleet.IsAlive(firstPid), "the first silo process survived the kill command");
        Assert.NotEqual(firstPid, fleet.Pid(killed));
        Assert.Contains("failover: kill command exited 0", text, StringComparison.Ordinal);
        Assert.Contains("failover: restart command exited 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain(fleet.AdminToken, text, StringComparison.Ordinal);
        var phases = Phases().Match(text);
        Assert.True(phases.Success, text);
        var (outage, after) = (int.Parse(phases.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(phases.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(duringOutage ? outage > 0 : after > 0, $"no grab acknowledged {(duringOutage ? "while the silo was down" : "after the silo came back")}");

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, "summary.json")));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("audit").GetProperty("passed").GetBoolean(), text);
        Assert.Equal(0, root.GetProperty("lost_acks").GetInt32());
        Assert.Equal(0, root.GetProperty("oversold").GetInt32());
        Assert.Equal(0, root.GetProperty("per_user_limit_violations").GetInt32());
        Assert.True(root.GetProperty("acked_orders").GetInt32() > after);
    }

    [GeneratedRegex(@"grabs acknowledged \d+ before the kill, (\d+) until every target served again, (\d+) after")]
    private static partial Regex Phases();
}
