namespace FlashSale.LoadTests.Cli;

internal static partial class OptionParser
{
    private static RunOptions ApplyValued(
        RunOptions o,
        string name,
        Func<string> next,
        List<Uri> targets,
        List<Load.LoadSimulation> loads,
        ref bool concurrencySet,
        ref bool watchersSet)
    {
        switch (name)
        {
            case "--target":
                foreach (var t in next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    targets.Add(Target(t));
                }

                return o;
            case "--load":
                loads.Add(Load(next()));
                return o;
            case "--concurrency":
                concurrencySet = true;
                return o with { Concurrency = Values.Int(next(), name) };
            case "--watchers":
                watchersSet = true;
                return o with { Watchers = Values.Int(next(), name) };
            case "--storage":
                var storage = next().ToLowerInvariant();
                return storage is "sqlite" or "postgres" or "memory" ? o with { Storage = storage } : throw new UsageException("--storage: sqlite, postgres or memory");
            case "--postgres": return o with { Postgres = next() };
            case "--group-commit":
                return next().ToLowerInvariant() switch
                {
                    "on" => o with { GroupCommit = true },
                    "off" => o with { GroupCommit = false },
                    _ => throw new UsageException("--group-commit: on or off"),
                };
            case "--admin-token": return o with { AdminToken = next() };
            case "--users": return o with { Users = Values.Int(next(), name) };
            case "--stock": return o with { Stock = Values.Int(next(), name) };
            case "--per-user-limit": return o with { PerUserLimit = Values.Int(next(), name) };
            case "--duration": return o with { Duration = Positive(Values.Duration(next(), name), name) };
            case "--warmup": return o with { WarmUp = Values.Duration(next(), name) };
            case "--report": return o with { ReportDirectory = next() };
            case "--connections": return o with { ConnectionsPerTarget = Values.Int(next(), name) };
            case "--timeout": return o with { CallTimeout = Positive(Values.Duration(next(), name), name) };
            case "--max-requests": return o with { MaxRequests = Values.Int(next(), name) };
            case "--max-in-flight": return o with { MaxInFlight = Values.Int(next(), name) };
            case "--pay-share": return o with { PayShare = Math.Clamp(Values.Fraction(next(), name), 0, 1) };
            case "--rooms": return o with { Rooms = Values.Int(next(), name) };
            case "--max-p50": return o with { Thresholds = o.Thresholds with { MaxP50 = Values.Duration(next(), name) } };
            case "--max-p99": return o with { Thresholds = o.Thresholds with { MaxP99 = Values.Duration(next(), name) } };
            case "--min-rps": return o with { Thresholds = o.Thresholds with { MinRps = Values.Rate(next(), name) } };
            case "--max-error-rate": return o with { Thresholds = o.Thresholds with { MaxErrorRate = Values.Fraction(next(), name) } };
            default: throw new UsageException($"unknown option '{name}'");
        }
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new UsageException($"{name} must be positive");
}
