using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>A user's wallet (key: user id). Every operation is idempotent and the balance never
/// goes negative.</summary>
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>Adds money; idempotent by <c>idempotency_key</c>.</summary>
    Task<WalletReply> Credit([Immutable] CreditWalletRequest request, CancellationToken cancellationToken = default);

    /// <summary>Takes the amount for an order: OK (also on a retry for the same order) or
    /// INSUFFICIENT_BALANCE.</summary>
    Task<WalletOpReply> Debit([Immutable] WalletDebit request, CancellationToken cancellationToken = default);

    /// <summary>Returns what an order's debit took: OK (also on a retry) or NOT_REFUNDABLE when the
    /// order was never debited.</summary>
    Task<WalletOpReply> Refund([Immutable] WalletRefund request, CancellationToken cancellationToken = default);

    /// <summary>Balance and the most recent ledger entries, newest first.</summary>
    Task<WalletReply> Get([Immutable] Empty request, CancellationToken cancellationToken = default);
}
