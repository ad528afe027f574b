using FlashSale.Api.V1;
using FlashSale.Silo.AntiAbuse;
using FlashSale.Storage.Domain;
using Grpc.Core;

namespace FlashSale.Silo.Services;

/// <summary>The anti-abuse calls of the operator API: the blocklist and the rejection audit.</summary>
public sealed partial class AdminService
{
    private const int MaxBlockReasonLength = 200;

    public override Task<BlockReply> BlockUser(BlockUserRequest request, ServerCallContext context)
    {
        Validate.Id(request.UserId, "user_id");
        Validate.Text(request.Reason, MaxBlockReasonLength, "reason");
        return abuse.BlockAsync(BlockRow.UserKind, request.UserId, request.Reason, context.CancellationToken);
    }

    public override Task<UnblockReply> UnblockUser(UnblockUserRequest request, ServerCallContext context)
    {
        Validate.Id(request.UserId, "user_id");
        return abuse.UnblockAsync(BlockRow.UserKind, request.UserId, context.CancellationToken);
    }

    public override Task<BlockReply> BlockAddress(BlockAddressRequest request, ServerCallContext context)
    {
        var address = CanonicalAddress(request.Address);
        Validate.Text(request.Reason, MaxBlockReasonLength, "reason");
        return abuse.BlockAsync(BlockRow.AddressKind, address, request.Reason, context.CancellationToken);
    }

    public override Task<UnblockReply> UnblockAddress(UnblockAddressRequest request, ServerCallContext context) =>
        abuse.UnblockAsync(BlockRow.AddressKind, CanonicalAddress(request.Address), context.CancellationToken);

    public override Task<ListBlocksReply> ListBlocks(ListBlocksRequest request, ServerCallContext context)
    {
        if (request.Kind is not (BlockKind.Unspecified or BlockKind.User or BlockKind.Address))
        {
            throw Validate.Invalid("kind", "must be BLOCK_KIND_USER, BLOCK_KIND_ADDRESS or unspecified");
        }

        return abuse.ListBlocksAsync(request.Kind, context.CancellationToken);
    }

    public override Task<ListRejectionsReply> ListRejections(ListRejectionsRequest request, ServerCallContext context)
    {
        if (request.UserId.Length > 0)
        {
            Validate.Id(request.UserId, "user_id");
        }

        var address = request.Address.Length == 0 ? string.Empty : CanonicalAddress(request.Address);
        if (address.Contains('/', StringComparison.Ordinal))
        {
            throw Validate.Invalid("address", "must be one address here (audit rows hold the caller's address, not a range)");
        }

        if (request.Reason.Length > 0 && !RejectionReasons.All.Contains(request.Reason))
        {
            throw Validate.Invalid("reason", $"must be one of {string.Join(", ", RejectionReasons.All)}");
        }

        Validate.Timestamp(request.Since, "since");
        Validate.Timestamp(request.Until, "until");
        Validate.Before(request.Since, request.Until, "until", "since");
        if (request.PageSize < 0)
        {
            throw Validate.Invalid("page_size", $"must not be negative (0 means the default, {AbuseAdministration.DefaultPageSize})");
        }

        long? beforeId = null;
        if (request.PageToken.Length > 0)
        {
            beforeId = AbuseAdministration.TryReadToken(request.PageToken, out var id)
                ? id
                : throw Validate.Invalid("page_token", "is not a next_page_token from an earlier ListRejections reply");
        }

        var query = new RejectionQuery
        {
            UserId = request.UserId,
            Address = address,
            Reason = request.Reason,
            Since = request.Since?.ToDateTimeOffset(),
            Until = request.Until?.ToDateTimeOffset(),
            BeforeId = beforeId,
        };
        var pageSize = request.PageSize == 0 ? AbuseAdministration.DefaultPageSize : Math.Min(request.PageSize, AbuseAdministration.MaxPageSize);
        return abuse.ListRejectionsAsync(query, pageSize, context.CancellationToken);
    }

    private static string CanonicalAddress(string address) =>
        BlockedAddress.Canonical(address, out var error) ?? throw Validate.Invalid("address", error);
}
