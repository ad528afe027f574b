using System.Net;
using FlashSale.LoadTests.Load;

namespace FlashSale.LoadTests.Cli;

/// <summary>Parses <c>&lt;scenario&gt; [options]</c>. Hand-written because every switch maps to one
/// record field and the usage text below is the documentation.</summary>
internal static partial class OptionParser
{
    public static readonly string[] Scenarios = ["hot-drop", "coupon-rush", "room-watch", "mixed", "baseline"];

    public const string Usage = """
        usage: loadtests <scenario> [options]
          scenarios: hot-drop | coupon-rush | room-watch | mixed | baseline
          --target <url>[,<url>...]   silo gRPC address(es), loopback only (repeatable)
          --embedded                  start an in-process silo on free loopback ports
          --storage sqlite|postgres|memory   storage of the embedded silo (default sqlite)
          --postgres <conn>           PostgreSQL connection string of the embedded silo (--storage postgres)
          --group-commit on|off       group commit of the embedded silo (default: the silo's, on)
          --admin-token <t>           admin token (default: FLASHSALE_ADMIN_TOKEN or ./data/admin-token)
          --users <n>                 distinct shoppers (default 1000)
          --concurrency <n>           virtual users of the default plan (default min(users, 64))
          --stock <n>                 units per drop / coupons per pool (default 10000)
          --per-user-limit <n>        per-user limit of the drops
          --duration <d>              default plan length (default 10s)
          --warmup <d>                unmeasured warm-up before the plan (default 0)
          --load <stage>              inject:<rate>:<d> | ramp-inject:<rate>:<d> |
                                      constant:<users>:<d> | ramp-constant:<users>:<d> (repeatable, in order)
          --max-p50 <d> --max-p99 <d> --min-rps <n> --max-error-rate <p%>   thresholds
          --report <dir>              report folder (default reports/<scenario>-<time>)
          --connections <n>           HTTP/2 connections per target (default 4)
          --timeout <d>               deadline of each call (default 10s)
          --max-requests <n>          stop after this many iterations (default 50000000)
          --max-in-flight <n>         open model: most calls in flight (default 10000)
          --pay-share <f>             share of won orders to pay (default 0.5)
          --watchers <n>              room-watch streams (default min(users, 1000))
          --rooms <n>                 mixed: rooms, two drops each (default 4)
          --plain                     no live console (also when output is redirected or CI=true)
        exit codes: 0 passed, 1 thresholds missed, 2 audit failed, 3 usage, 4 run failed
        """;

    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("name a scenario first");
        }

        var scenario = args[0].ToLowerInvariant();
        if (!Scenarios.Contains(scenario))
        {
            throw new UsageException($"unknown scenario '{args[0]}': {string.Join(", ", Scenarios)}");
        }

        var options = new RunOptions { Scenario = scenario };
        var concurrencySet = false;
        var watchersSet = false;
        var targets = new List<Uri>();
        var loads = new List<LoadSimulation>();
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value");
            options = name switch
            {
                "--embedded" => options with { Embedded = true },
                "--plain" => options with { Plain = true },
                _ => ApplyValued(options, name, Next, targets, loads, ref concurrencySet, ref watchersSet),
            };
        }

        if (!options.Embedded && targets.Count == 0)
        {
            throw new UsageException("give --target <url> or --embedded");
        }

        if (options.Storage == "postgres" && string.IsNullOrWhiteSpace(options.Postgres))
        {
            throw new UsageException("--storage postgres needs --postgres <connection string>");
        }

        if (!options.Embedded && (options.Postgres is not null || options.GroupCommit is not null))
        {
            throw new UsageException("--postgres and --group-commit configure the embedded silo: add --embedded");
        }

        return options with
        {
            Targets = targets,
            Loads = loads,
            Concurrency = concurrencySet ? options.Concurrency : Math.Min(options.Users, 64),
            Watchers = watchersSet ? options.Watchers : Math.Min(options.Users, 1_000),
        };
    }

    /// <summary>Only loopback targets: a load test here must never send traffic off the machine.</summary>
    public static Uri Target(string text)
    {
        var raw = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new UsageException($"--target: '{text}' is not an http:// address");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return loopback ? uri : throw new UsageException($"--target: '{text}' is not a loopback address; load is only sent to this machine");
    }

    public static LoadSimulation Load(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new UsageException($"--load: '{text}' is not kind:level:duration");
        }

        var during = Values.Duration(parts[2], "--load");
        return parts[0].ToLowerInvariant() switch
        {
            "inject" => new Inject(Values.Rate(parts[1], "--load"), during),
            "ramp-inject" => new RampingInject(Values.Rate(parts[1], "--load"), during),
            "constant" => new KeepConstant(Values.Int(parts[1], "--load"), during),
            "ramp-constant" => new RampingConstant(Values.Int(parts[1], "--load", min: 0), during),
            _ => throw new UsageException($"--load: unknown kind '{parts[0]}' (inject, ramp-inject, constant, ramp-constant)"),
        };
    }
}
