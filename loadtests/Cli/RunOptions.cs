using FlashSale.LoadTests.Load;
using FlashSale.LoadTests.Thresholds;

namespace FlashSale.LoadTests.Cli;

/// <summary>Everything one run is configured with (see <see cref="LoadCommand"/> for the switches).</summary>
internal sealed record RunOptions
{
    public required string Scenario { get; init; }

    /// <summary>gRPC addresses of the silos; connections are spread over them. Loopback only.</summary>
    public IReadOnlyList<Uri> Targets { get; init; } = [];

    public bool Embedded { get; init; }

    /// <summary>Storage of the embedded silo: sqlite, postgres or memory.</summary>
    public string Storage { get; init; } = "sqlite";

    /// <summary>PostgreSQL connection string of the embedded silo (storage postgres).</summary>
    public string? Postgres { get; init; }

    /// <summary>Group commit of the embedded silo; null keeps the silo's configuration.</summary>
    public bool? GroupCommit { get; init; }

    /// <summary>Distinct shoppers (user ids) the scenario spreads its calls over.</summary>
    public int Users { get; init; } = 1_000;

    /// <summary>Virtual users of the default closed-model plan.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Units per drop (coupons per pool in coupon-rush).</summary>
    public int Stock { get; init; } = 10_000;

    /// <summary>Per-user limit of the drops; null picks one from stock and users.</summary>
    public int? PerUserLimit { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>Explicit load stages; empty means keep <see cref="Concurrency"/> users for <see cref="Duration"/>.</summary>
    public IReadOnlyList<LoadSimulation> Loads { get; init; } = [];

    public ThresholdSet Thresholds { get; init; } = new();

    public string? ReportDirectory { get; init; }

    public string? AdminToken { get; init; }

    /// <summary>The silo's JWT signing key file, to mint shopper tokens for the test users (target mode).</summary>
    public string? SigningKeyFile { get; init; }

    /// <summary>Channels (each its own HTTP/2 connection pool) per target.</summary>
    public int ConnectionsPerTarget { get; init; } = 4;

    /// <summary>Deadline of every call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public long MaxRequests { get; init; } = 50_000_000;

    /// <summary>Open model: the most calls in flight; due calls beyond it are dropped and counted.</summary>
    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>Share of won orders that hot-drop and mixed go on to pay.</summary>
    public double PayShare { get; init; } = 0.5;

    /// <summary>Server streams in room-watch.</summary>
    public int Watchers { get; init; } = 1_000;

    /// <summary>Rooms in mixed (two drops each).</summary>
    public int Rooms { get; init; } = 4;

    /// <summary>Force the plain progress output even on a terminal.</summary>
    public bool Plain { get; init; }

    /// <summary>The failover scenario's kill and restart; null for the other scenarios.</summary>
    public FailoverOptions? Failover { get; init; }

    /// <summary>Drops open at once in many-drops.</summary>
    public int Drops { get; init; } = 30;

    /// <summary>Hot-drop buckets of every drop the scenarios schedule (1: the drop is one grain).</summary>
    public int Buckets { get; init; } = 1;

    public LoadPlan BuildPlan() =>
        new(Loads.Count > 0 ? Loads : [new KeepConstant(Concurrency, Duration)]);

    /// <summary>A limit that lets every shopper buy a fair share twice over, within the server's 1–1000.</summary>
    public int EffectivePerUserLimit =>
        PerUserLimit ?? (int)Math.Clamp(2 * Math.Ceiling((double)Stock / Math.Max(1, Users)), 1, 1_000);
}
