using FlashSale.Storage.Domain;

namespace FlashSale.Storage.Memory;

/// <summary>The blocklist and rejection audit in process memory (nothing survives a restart).
/// The audit keeps at most <see cref="MaxRejections"/> rows, dropping the oldest.</summary>
public sealed class InMemoryAbuseStore : IAbuseStore
{
    /// <summary>Rejections kept before the oldest are dropped.</summary>
    public const int MaxRejections = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Kind, string Value), BlockRow> _blocks = [];
    private readonly LinkedList<RejectionRow> _rejections = new();
    private long _version;
    private long _nextRejectionId;

    public Task<BlockChange> SetBlockAsync(string kind, string value, bool active, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var wasActive = _blocks.TryGetValue((kind, value), out var existing) && existing.Active;
            if (!active && !wasActive)
            {
                return Task.FromResult(new BlockChange(existing ?? new BlockRow { Kind = kind, Value = value }, false, false));
            }

            var row = new BlockRow { Kind = kind, Value = value, Active = active, Reason = reason, ChangedAt = at, Version = ++_version };
            _blocks[(kind, value)] = row;
            return Task.FromResult(new BlockChange(row, wasActive, true));
        }
    }

    public Task<IReadOnlyList<BlockRow>> ReadBlocksSinceAsync(long sinceVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<BlockRow> rows = [.. _blocks.Values.Where(r => r.Version > sinceVersion).OrderBy(r => r.Version)];
            return Task.FromResult(rows);
        }
    }

    public Task AppendRejectionsAsync(IReadOnlyCollection<RejectionRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_gate)
        {
            foreach (var row in rows)
            {
                _rejections.AddLast(row with { Id = ++_nextRejectionId });
                if (_rejections.Count > MaxRejections)
                {
                    _rejections.RemoveFirst();
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RejectionRow>> QueryRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<RejectionRow>();
        lock (_gate)
        {
            for (var node = _rejections.Last; node is not null && result.Count < query.Limit; node = node.Previous)
            {
                if (Matches(node.Value, query))
                {
                    result.Add(node.Value);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<RejectionRow>>(result);
    }

    private static bool Matches(RejectionRow row, RejectionQuery q) =>
        (q.BeforeId is not { } before || row.Id < before)
        && (string.IsNullOrEmpty(q.UserId) || row.UserId == q.UserId)
        && (string.IsNullOrEmpty(q.Address) || row.Address == q.Address)
        && (string.IsNullOrEmpty(q.Reason) || row.Reason == q.Reason)
        && (q.Since is not { } since || row.At >= since)
        && (q.Until is not { } until || row.At < until);
}
