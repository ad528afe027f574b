using System.Globalization;
using System.Text;
using FlashSale.Api.V1;
using FlashSale.Storage.Domain;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>What the Admin service's anti-abuse calls do once their arguments are checked: writes
/// go to storage first, then to this silo's <see cref="Blocklist"/> at once (other silos pick the
/// change up within <see cref="AntiAbuseOptions.BlocklistRefresh"/>).</summary>
public sealed class AbuseAdministration(IAbuseStore store, Blocklist blocklist, TimeProvider time, ILogger<AbuseAdministration> log)
{
    /// <summary>Rejections per page when the request asks for none.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Most rejections per page.</summary>
    public const int MaxPageSize = 1_000;

    private const string TokenPrefix = "rejections-before:";

    public async Task<BlockReply> BlockAsync(string kind, string value, string reason, CancellationToken cancellationToken)
    {
        var change = await store.SetBlockAsync(kind, value, active: true, reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        blocklist.Apply([change.Row]);
        AbuseLog.BlocklistChanged(log, kind, value, "blocked");
        return new BlockReply { Entry = Entry(change.Row), Created = !change.WasActive };
    }

    public async Task<UnblockReply> UnblockAsync(string kind, string value, CancellationToken cancellationToken)
    {
        var change = await store.SetBlockAsync(kind, value, active: false, string.Empty, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (change.Changed)
        {
            blocklist.Apply([change.Row]);
            AbuseLog.BlocklistChanged(log, kind, value, "unblocked");
        }

        return new UnblockReply { Removed = change.WasActive };
    }

    public async Task<ListBlocksReply> ListBlocksAsync(BlockKind kind, CancellationToken cancellationToken)
    {
        // From storage, not this silo's copy: the operator sees what every silo converges to.
        var rows = await store.ReadBlocksSinceAsync(0, cancellationToken).ConfigureAwait(false);
        var reply = new ListBlocksReply();
        reply.Entries.AddRange(rows
            .Where(r => r.Active && (kind == BlockKind.Unspecified || KindOf(r.Kind) == kind))
            .OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Value, StringComparer.Ordinal)
            .Select(Entry));
        return reply;
    }

    public async Task<ListRejectionsReply> ListRejectionsAsync(RejectionQuery query, int pageSize, CancellationToken cancellationToken)
    {
        // One row more than the page tells whether another page follows.
        var rows = await store.QueryRejectionsAsync(query with { Limit = pageSize + 1 }, cancellationToken).ConfigureAwait(false);
        var reply = new ListRejectionsReply();
        foreach (var row in rows.Take(pageSize))
        {
            reply.Rejections.Add(new Rejection
            {
                Id = row.Id,
                At = Timestamp.FromDateTimeOffset(row.At),
                Reason = row.Reason,
                Method = row.Method,
                UserId = row.UserId,
                Address = row.Address,
                Detail = row.Detail,
            });
        }

        if (rows.Count > pageSize)
        {
            reply.NextPageToken = Token(rows[pageSize - 1].Id);
        }

        return reply;
    }

    /// <summary>The id below which the next page starts; false for a token this service did not make.</summary>
    public static bool TryReadToken(string token, out long beforeId)
    {
        beforeId = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith(TokenPrefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out beforeId)
                && beforeId > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Token(long beforeId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + beforeId.ToString(CultureInfo.InvariantCulture)));

    private static BlockKind KindOf(string kind) => kind == BlockRow.UserKind ? BlockKind.User : BlockKind.Address;

    private static BlockEntry Entry(BlockRow row) => new()
    {
        Kind = KindOf(row.Kind),
        Value = row.Value,
        Reason = row.Reason,
        BlockedAt = Timestamp.FromDateTimeOffset(row.ChangedAt),
    };
}
