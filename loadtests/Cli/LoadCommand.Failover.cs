using System.CommandLine;
using System.CommandLine.Parsing;

namespace FlashSale.LoadTests.Cli;

internal static partial class LoadCommand
{
    // No default values shown for the commands: they may hold secrets, and help never prints them.
    private static readonly Option<string> FailoverKill = Valued("--failover-kill-cmd", "cmd", "failover: /bin/sh command that kills a silo (never printed)", (t, n) => Command(t, n));
    private static readonly Option<string> FailoverRestart = Valued("--failover-restart-cmd", "cmd", "failover: /bin/sh command that starts it again (never printed)", (t, n) => Command(t, n));
    private static readonly Option<TimeSpan> FailoverAt = Valued("--failover-at", "d", "failover: time into the load of the kill (default 5s)", (t, n) => Values.Duration(t, n));
    private static readonly Option<TimeSpan> FailoverRestartAfter = Valued("--failover-restart-after", "d", "failover: time from the kill to the restart (default 3s)", (t, n) => Values.Duration(t, n));
    private static readonly Option<TimeSpan> FailoverTimeout = Valued("--failover-cmd-timeout", "d", "failover: bound of each command (default 30s)", (t, n) => Positive(Values.Duration(t, n), n));

    private static Option[] FailoverSwitches => [FailoverKill, FailoverRestart, FailoverAt, FailoverRestartAfter, FailoverTimeout];

    /// <summary>The failover settings; null for the other scenarios, which must not be given any.</summary>
    private static FailoverOptions? ParseFailover(ParseResult parsed, string scenario)
    {
        var given = FailoverSwitches.Where(o => parsed.GetResult(o) is not null).Select(o => o.Name).ToList();
        if (scenario != "failover")
        {
            return given.Count == 0 ? null : throw new UsageException($"{given[0]} belongs to the failover scenario");
        }

        if (parsed.GetResult(FailoverKill) is null)
        {
            throw new UsageException("failover needs --failover-kill-cmd (and usually --failover-restart-cmd)");
        }

        if (parsed.GetValue(Embedded))
        {
            // An in-process silo cannot be killed by a command without killing the runner.
            throw new UsageException("failover runs against silo processes: give --target, not --embedded");
        }

        var defaults = new FailoverOptions { KillCommand = parsed.GetValue(FailoverKill)! };
        return defaults with
        {
            RestartCommand = parsed.GetResult(FailoverRestart) is null ? null : parsed.GetValue(FailoverRestart),
            At = Get(parsed, FailoverAt, defaults.At),
            RestartAfter = Get(parsed, FailoverRestartAfter, defaults.RestartAfter),
            CommandTimeout = Get(parsed, FailoverTimeout, defaults.CommandTimeout),
        };
    }

    private static string Command(string text, string option) =>
        string.IsNullOrWhiteSpace(text) ? throw new UsageException($"{option}: empty command") : text;
}
