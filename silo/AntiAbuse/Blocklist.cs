using System.Collections.Frozen;
using System.Net;
using FlashSale.Storage.Domain;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>
/// This silo's copy of the blocklist, checked on every acting shop call: an immutable snapshot
/// swapped in whole, so a check is a hash lookup with no lock (and no address parsing at all while
/// no address is blocked). <see cref="BlocklistRefresher"/> keeps it up to date from storage; the
/// admin service applies its own changes at once.
/// </summary>
public sealed class Blocklist
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Kind, string Value), BlockRow> _entries = [];
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>The highest storage version applied.</summary>
    public long Version => _snapshot.Version;

    /// <summary>Entries blocking now.</summary>
    public int Count => _snapshot.Count;

    /// <summary>The reason code when <paramref name="userId"/> or the client address is blocked,
    /// else null. The address is resolved (<paramref name="address"/> of <paramref name="state"/>)
    /// only while some address entry exists; a static lambda and a struct state keep the check free
    /// of allocations.</summary>
    public string? Match<TState>(string userId, TState state, Func<TState, string> address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var snapshot = _snapshot;
        if (snapshot.Users.Count > 0 && snapshot.Users.Contains(userId))
        {
            return RejectionReasons.UserBlocked;
        }

        if (snapshot.HasAddresses && BlockedAddress.TryClient(address(state), out var client))
        {
            if (snapshot.Addresses.Contains(client))
            {
                return RejectionReasons.AddressBlocked;
            }

            foreach (var network in snapshot.Networks)
            {
                if (network.Contains(client))
                {
                    return RejectionReasons.AddressBlocked;
                }
            }
        }

        return null;
    }

    /// <summary>Applies changed rows (from storage, in version order; rows not newer than what an
    /// entry already has are ignored, so a late refresh cannot undo a newer local change).</summary>
    public void Apply(IReadOnlyList<BlockRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var changed = false;
            var version = _snapshot.Version;
            foreach (var row in rows)
            {
                version = Math.Max(version, row.Version);
                if (_entries.TryGetValue((row.Kind, row.Value), out var known) && known.Version >= row.Version)
                {
                    continue;
                }

                _entries[(row.Kind, row.Value)] = row;
                changed = true;
            }

            _snapshot = changed ? Snapshot.From(_entries.Values, version) : _snapshot with { Version = version };
        }
    }

    private sealed record Snapshot(FrozenSet<string> Users, FrozenSet<IPAddress> Addresses, IPNetwork[] Networks, long Version, int Count)
    {
        public static readonly Snapshot Empty = new(FrozenSet<string>.Empty, FrozenSet<IPAddress>.Empty, [], 0, 0);

        public bool HasAddresses { get; } = Addresses.Count > 0 || Networks.Length > 0;

        public static Snapshot From(IEnumerable<BlockRow> rows, long version)
        {
            var users = new List<string>();
            var addresses = new List<IPAddress>();
            var networks = new List<IPNetwork>();
            foreach (var row in rows.Where(r => r.Active))
            {
                if (row.Kind == BlockRow.UserKind)
                {
                    users.Add(row.Value);
                }
                else if (row.Value.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(row.Value, out var network))
                {
                    networks.Add(network);
                }
                else if (BlockedAddress.TryClient(row.Value, out var address))
                {
                    addresses.Add(address);
                }
            }

            return new Snapshot(users.ToFrozenSet(StringComparer.Ordinal), addresses.ToFrozenSet(), [.. networks], version, users.Count + addresses.Count + networks.Count);
        }
    }
}
