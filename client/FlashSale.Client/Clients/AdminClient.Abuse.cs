using FlashSale.Api.V1;

namespace FlashSale.Client;

public sealed partial class AdminClient
{
    /// <summary>Puts a user on the blocklist: their acting shop calls are rejected with
    /// PERMISSION_DENIED and reason USER_BLOCKED (see <see cref="RejectionInfo"/>).</summary>
    public async Task<BlockReply> BlockUserAsync(BlockUserRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.BlockUserAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Takes a user off the blocklist.</summary>
    public async Task<UnblockReply> UnblockUserAsync(UnblockUserRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.UnblockUserAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Puts a client address or CIDR range on the blocklist (reason ADDRESS_BLOCKED).</summary>
    public async Task<BlockReply> BlockAddressAsync(BlockAddressRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.BlockAddressAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Takes a client address or range off the blocklist.</summary>
    public async Task<UnblockReply> UnblockAddressAsync(UnblockAddressRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.UnblockAddressAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>The entries blocking now.</summary>
    public async Task<ListBlocksReply> ListBlocksAsync(ListBlocksRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.ListBlocksAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>One page of the rejection audit, newest first: pass the reply's
    /// <c>next_page_token</c> as the next request's <c>page_token</c> until it comes back empty.</summary>
    public async Task<ListRejectionsReply> ListRejectionsAsync(ListRejectionsRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.ListRejectionsAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);
}
