using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using FlashSale.LoadTests.Load;
using FlashSale.LoadTests.Thresholds;

namespace FlashSale.LoadTests.Cli;

/// <summary>The command line, <c>&lt;scenario&gt; [options]</c>, parsed with System.CommandLine; every
/// option maps to one <see cref="RunOptions"/> field and <c>--help</c> lists them. The admin token is
/// never a displayed default: without <c>--admin-token</c> the runner reads it from the environment or
/// ./data when it connects (<see cref="AdminTokens"/>).</summary>
internal static partial class LoadCommand
{
    public static readonly string[] Scenarios = ["hot-drop", "coupon-rush", "room-watch", "mixed", "baseline", "failover", "envelope-rain", "many-drops"];

    private static readonly Argument<string> Scenario = new("scenario")
    {
        Description = "hot-drop | coupon-rush | room-watch | mixed | baseline | failover | envelope-rain | many-drops",
        CustomParser = r => Catch(r, () =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var name = text.ToLowerInvariant();
            return Scenarios.Contains(name) ? name : throw new UsageException($"unknown scenario '{text}': {string.Join(", ", Scenarios)}");
        }),
    };

    private static readonly Option<Uri[]> Target = new("--target")
    {
        Description = "Silo gRPC address(es), loopback only; comma-separated and repeatable",
        HelpName = "url[,url...]",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = r => Catch(r, () => r.Tokens
            .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(TargetAddress)
            .ToArray()),
    };

    private static readonly Option<bool> Embedded = new("--embedded") { Description = "Start an in-process silo on free loopback ports" };

    private static readonly Option<string> Storage = Valued("--storage", "sqlite|postgres|memory", "Storage of the embedded silo (default sqlite)", (t, n) =>
        t.ToLowerInvariant() is "sqlite" or "postgres" or "memory" ? t.ToLowerInvariant() : throw new UsageException($"{n}: '{t}' is not sqlite, postgres or memory"));

    private static readonly Option<string> Postgres = Valued("--postgres", "conn", "PostgreSQL connection string of the embedded silo (--storage postgres)", (t, _) => t);

    private static readonly Option<string> GroupCommit = Valued("--group-commit", "on|off", "Group commit of the embedded silo (default: the silo's, on)", (t, n) =>
        t.ToLowerInvariant() is "on" or "off" ? t.ToLowerInvariant() : throw new UsageException($"{n}: on or off"));

    // No default value: the token is looked up when the runner connects, so it never shows in help or errors.
    private static readonly Option<string> AdminToken = Valued("--admin-token", "token", "Admin token (default: env FLASHSALE_ADMIN_TOKEN, else ./data/admin-token)", (t, _) => t);

    private static readonly Option<int> Users = Valued("--users", "n", "Distinct shoppers (default 1000)", (t, n) => Values.Int(t, n));
    private static readonly Option<int> Concurrency = Valued("--concurrency", "n", "Virtual users of the default plan (default min(users, 64))", (t, n) => Values.Int(t, n));
    private static readonly Option<int> Stock = Valued("--stock", "n", "Units per drop / coupons per pool (default 10000)", (t, n) => Values.Int(t, n));
    private static readonly Option<int> PerUserLimit = Valued("--per-user-limit", "n", "Per-user limit of the drops (default from stock and users)", (t, n) => Values.Int(t, n));
    private static readonly Option<TimeSpan> Duration = Valued("--duration", "d", "Default plan length, e.g. 500ms, 10s, 2m (default 10s)", (t, n) => Positive(Values.Duration(t, n), n));
    private static readonly Option<TimeSpan> WarmUp = Valued("--warmup", "d", "Unmeasured warm-up before the plan (default 0)", (t, n) => Values.Duration(t, n));

    private static readonly Option<LoadSimulation[]> Load = new("--load")
    {
        Description = "Load stage, repeatable, run in order: inject:<rate>:<d> | ramp-inject:<rate>:<d> | constant:<users>:<d> | ramp-constant:<users>:<d>",
        HelpName = "stage",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = r => Catch(r, () => r.Tokens.Select(t => LoadStage(t.Value)).ToArray()),
    };

    private static readonly Option<TimeSpan> MaxP50 = Valued("--max-p50", "d", "Threshold: highest p50 latency", (t, n) => Values.Duration(t, n));
    private static readonly Option<TimeSpan> MaxP99 = Valued("--max-p99", "d", "Threshold: highest p99 latency", (t, n) => Values.Duration(t, n));
    private static readonly Option<double> MinRps = Valued("--min-rps", "n", "Threshold: lowest requests per second", (t, n) => Values.Rate(t, n));
    private static readonly Option<double> MaxErrorRate = Valued("--max-error-rate", "p%", "Threshold: highest error rate, e.g. 0.1% or 0.001", (t, n) => Values.Fraction(t, n));
    private static readonly Option<string> Report = Valued("--report", "dir", "Report folder (default reports/<scenario>-<time>)", (t, _) => t);
    private static readonly Option<int> Connections = Valued("--connections", "n", "HTTP/2 connections per target (default 4)", (t, n) => Values.Int(t, n));
    private static readonly Option<TimeSpan> Timeout = Valued("--timeout", "d", "Deadline of each call (default 10s)", (t, n) => Positive(Values.Duration(t, n), n));
    private static readonly Option<int> MaxRequests = Valued("--max-requests", "n", "Stop after this many iterations (default 50000000)", (t, n) => Values.Int(t, n));
    private static readonly Option<int> MaxInFlight = Valued("--max-in-flight", "n", "Open model: most calls in flight (default 10000)", (t, n) => Values.Int(t, n));
    private static readonly Option<double> PayShare = Valued("--pay-share", "f", "Share of won orders to pay (default 0.5)", (t, n) => Math.Clamp(Values.Fraction(t, n), 0, 1));
    private static readonly Option<int> Watchers = Valued("--watchers", "n", "room-watch streams (default min(users, 1000))", (t, n) => Values.Int(t, n));
    private static readonly Option<int> Rooms = Valued("--rooms", "n", "mixed: rooms, two drops each (default 4)", (t, n) => Values.Int(t, n));
    private static readonly Option<string> SigningKeyFile = Valued("--signing-key-file", "file", "Silo's JWT signing key, to mint the test users' tokens in --target mode (default: env FLASHSALE_SIGNING_KEY_FILE, else ./data/jwt-signing-key)", (t, _) => t);
    private static readonly Option<bool> Plain = new("--plain") { Description = "No live console (also when output is redirected or CI=true)" };
    private static readonly Option<int> Buckets = Valued("--buckets", "n", "Hot-drop buckets per drop, 1-64 (default 1: one grain per drop)", (t, n) =>
        Values.Int(t, n) is var count and >= 1 and <= 64 ? count : throw new UsageException($"{n}: between 1 and 64"));
    private static readonly Option<int> DropCount = Valued("--drops", "n", "many-drops: drops open at once, load spread evenly (default 30)", (t, n) => Values.Int(t, n));

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "FlashSale load runner: runs a scenario against loopback silos (calls spread over every --target) and audits the result.\n" +
            "Exit codes: 0 passed, 1 thresholds missed, 2 audit failed, 3 usage, 4 run failed");
        root.Arguments.Add(Scenario);
        Option[] options =
        [
            Target, Embedded, Storage, Postgres, GroupCommit, AdminToken, Users, Concurrency, Stock, PerUserLimit,
            Duration, WarmUp, Load, MaxP50, MaxP99, MinRps, MaxErrorRate, Report, Connections, Timeout,
            MaxRequests, MaxInFlight, PayShare, Watchers, Rooms, Plain, Buckets, SigningKeyFile,
            .. FailoverSwitches, DropCount,
        ];
        foreach (var option in options)
        {
            root.Options.Add(option);
        }

        return root;
    }

    /// <summary>The --help text.</summary>
    public static string HelpText()
    {
        using var output = new StringWriter();
        Build().Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return output.ToString();
    }

    /// <summary>Parses a command line; a bad one throws <see cref="UsageException"/> naming the option.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("name a scenario first");
        }

        var parsed = Build().Parse([.. args]);
        if (parsed.Errors.Count > 0)
        {
            throw new UsageException(string.Join("; ", parsed.Errors.Select(e => e.Message).Distinct()));
        }

        var defaults = new RunOptions { Scenario = parsed.GetValue(Scenario)! };
        var users = Get(parsed, Users, defaults.Users);
        var options = defaults with
        {
            Targets = parsed.GetValue(Target) ?? [],
            Embedded = parsed.GetValue(Embedded),
            Storage = Get(parsed, Storage, defaults.Storage),
            Postgres = parsed.GetResult(Postgres) is null ? null : parsed.GetValue(Postgres),
            GroupCommit = parsed.GetResult(GroupCommit) is null ? null : parsed.GetValue(GroupCommit) == "on",
            AdminToken = parsed.GetResult(AdminToken) is null ? null : parsed.GetValue(AdminToken),
            SigningKeyFile = parsed.GetResult(SigningKeyFile) is null ? null : parsed.GetValue(SigningKeyFile),
            Users = users,
            Concurrency = Get(parsed, Concurrency, Math.Min(users, 64)),
            Stock = Get(parsed, Stock, defaults.Stock),
            PerUserLimit = parsed.GetResult(PerUserLimit) is null ? null : parsed.GetValue(PerUserLimit),
            Duration = Get(parsed, Duration, defaults.Duration),
            WarmUp = Get(parsed, WarmUp, defaults.WarmUp),
            Loads = parsed.GetValue(Load) ?? [],
            Thresholds = new ThresholdSet
            {
                MaxP50 = parsed.GetResult(MaxP50) is null ? null : parsed.GetValue(MaxP50),
                MaxP99 = parsed.GetResult(MaxP99) is null ? null : parsed.GetValue(MaxP99),
                MinRps = parsed.GetResult(MinRps) is null ? null : parsed.GetValue(MinRps),
                MaxErrorRate = parsed.GetResult(MaxErrorRate) is null ? null : parsed.GetValue(MaxErrorRate),
            },
            ReportDirectory = parsed.GetResult(Report) is null ? null : parsed.GetValue(Report),
            ConnectionsPerTarget = Get(parsed, Connections, defaults.ConnectionsPerTarget),
            CallTimeout = Get(parsed, Timeout, defaults.CallTimeout),
            MaxRequests = Get(parsed, MaxRequests, (int)defaults.MaxRequests),
            MaxInFlight = Get(parsed, MaxInFlight, defaults.MaxInFlight),
            PayShare = Get(parsed, PayShare, defaults.PayShare),
            Watchers = Get(parsed, Watchers, Math.Min(users, 1_000)),
            Rooms = Get(parsed, Rooms, defaults.Rooms),
            Plain = parsed.GetValue(Plain),
            Failover = ParseFailover(parsed, parsed.GetValue(Scenario)!),
            Drops = Get(parsed, DropCount, defaults.Drops),
            Buckets = Get(parsed, Buckets, defaults.Buckets),
        };

        if (!options.Embedded && options.Targets.Count == 0)
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

        return options;
    }

    /// <summary>Only loopback targets: a load test here must never send traffic off the machine.</summary>
    public static Uri TargetAddress(string text)
    {
        var raw = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new UsageException($"--target: '{text}' is not an http:// address");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return loopback ? uri : throw new UsageException($"--target: '{text}' is not a loopback address; load is only sent to this machine");
    }

    public static LoadSimulation LoadStage(string text)
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

    private static Option<T> Valued<T>(string name, string helpName, string description, Func<string, string, T> parse) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = r => Catch(r, () => parse(r.Tokens.Count > 0 ? r.Tokens[^1].Value : "", name)),
    };

    private static T Get<T>(ParseResult parsed, Option<T> option, T fallback) =>
        parsed.GetResult(option) is null ? fallback : parsed.GetValue(option)!;

    /// <summary>Turns our value errors into parse errors (the message names the option).</summary>
    private static T Catch<T>(ArgumentResult result, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (UsageException ex)
        {
            result.AddError(ex.Message);
            return default!;
        }
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new UsageException($"{name} must be positive");
}
