using Orleans.Configuration;

namespace FlashSale.Silo.Hosting;

/// <summary>How fast a cluster notices a dead silo (section "Silo:Membership"). The defaults aim at
/// a dead silo's grains serving again from the survivors within 10 s of a kill -9, on a cluster of
/// three or more silos, while a busy silo (GC pause, CPU share taken by another process) is not
/// declared dead: see README "Run a cluster" for the arithmetic.</summary>
public sealed class MembershipTuning
{
    /// <summary>Orleans' initial probe timeout and probe period (<see cref="ClusterMembershipOptions.ProbeTimeout"/>;
    /// default 5 s). Orleans adapts it per monitored silo between half of it and
    /// <see cref="MaxProbeTimeoutFactor"/> times it.</summary>
    public int ProbeTimeoutMilliseconds { get; set; } = 1_000;

    /// <summary>Missed probes in a row before a silo votes its peer suspect
    /// (<see cref="ClusterMembershipOptions.NumMissedProbesLimit"/>; default 3).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Fresh suspicion votes that declare a silo dead
    /// (<see cref="ClusterMembershipOptions.NumVotesForDeathDeclaration"/>; default 2). Orleans needs
    /// fewer when fewer silos are left to vote.</summary>
    public int DeathVotes { get; set; } = 2;

    /// <summary>Period of each silo's full read of the membership table, the fallback when a
    /// gossip message about a change is lost (<see cref="ClusterMembershipOptions.TableRefreshTimeout"/>; default 60 s).</summary>
    public int TableRefreshMilliseconds { get; set; } = 2_000;

    /// <summary>Period of a silo's heartbeat in its row (<see cref="ClusterMembershipOptions.IAmAliveTablePublishTimeout"/>;
    /// default 30 s): how an operator (or a silo that joins) tells a stale Active row.</summary>
    public int IAmAliveMilliseconds { get; set; } = 5_000;

    /// <summary>The adaptive probe timeout's ceiling, in multiples of the initial one (Orleans' default
    /// is 4). It also bounds the window in which recent traffic from a silo vetoes votes against it
    /// (<see cref="ClusterMembershipOptions.EnableConnectionLivenessCheck"/>: ceiling × missed probes),
    /// so with 4 × 1 s × 3 a silo killed mid-load could not be voted out for 12 s.</summary>
    public const int MaxProbeTimeoutFactor = 2;

    /// <summary>How long a suspicion vote counts (<see cref="ClusterMembershipOptions.DeathVoteExpirationTimeout"/>;
    /// default 2 min): long enough for every survivor to miss its probes and vote, short enough that
    /// old suspicions of a silo that recovered do not add up to a death.</summary>
    public static readonly TimeSpan DeathVoteExpiration = TimeSpan.FromSeconds(20);

    /// <summary>Writes these values into Orleans' options.</summary>
    public void Apply(ClusterMembershipOptions membership)
    {
        var probe = TimeSpan.FromMilliseconds(Positive(ProbeTimeoutMilliseconds, "probe timeout"));
        membership.ProbeTimeout = probe;
        membership.MinProbeTimeout = probe / 2;
        membership.MaxProbeTimeout = probe * MaxProbeTimeoutFactor;
        membership.NumMissedProbesLimit = Positive(MissedProbesLimit, "missed probes limit");
        membership.NumVotesForDeathDeclaration = Positive(DeathVotes, "death votes");
        membership.DeathVoteExpirationTimeout = DeathVoteExpiration;
        membership.TableRefreshTimeout = TimeSpan.FromMilliseconds(Positive(TableRefreshMilliseconds, "table refresh"));
        membership.IAmAliveTablePublishTimeout = TimeSpan.FromMilliseconds(Positive(IAmAliveMilliseconds, "I-am-alive period"));
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new InvalidOperationException($"membership {name} must be positive, not {value}");
}
