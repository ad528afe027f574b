using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>A user's wallet (key: user id). Every operation is idempotent and the balance never
/// goes negative.</summary>
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>Adds money; idempotent by <c>idempotency_key</c>.</summary>
    Task<WalletReply> Credit(CreditWalletRequest request, CancellationToken cancellationToken = default);

    /// <summary>Takes the amount for an order: OK (also on a retry for the same order) or
    /// INSUFFICIENT_BALANCE.</summary>
    Task<WalletOpReply> Debit(WalletDebit request, CancellationToken cancellationToken = default);

    /// <summary>Returns what an order's debit took: OK (also on a retry) or NOT_REFUNDABLE when the
    /// order was never debited.</summary>
    Task<WalletOpReply> Refund(WalletRefund request, CancellationToken cancellationToken = default);

    /// <summary>Balance and the most recent ledger entries, newest first.</summary>
    Task<WalletReply> Get(Empty request, CancellationToken cancellationToken = default);
}

/// <summary>Method descriptors of <see cref="IWalletGrain"/>.</summary>
public static class WalletGrainMethods
{
    public const string GrainType = "wallet";

    public static readonly GrainMethod<IWalletGrain, CreditWalletRequest, WalletReply> Credit =
        new(GrainType, "Credit", 1, CreditWalletRequest.Parser, WalletReply.Parser, static (g, r, ct) => g.Credit(r, ct));

    public static readonly GrainMethod<IWalletGrain, WalletDebit, WalletOpReply> Debit =
        new(GrainType, "Debit", 2, WalletDebit.Parser, WalletOpReply.Parser, static (g, r, ct) => g.Debit(r, ct));

    public static readonly GrainMethod<IWalletGrain, WalletRefund, WalletOpReply> Refund =
        new(GrainType, "Refund", 3, WalletRefund.Parser, WalletOpReply.Parser, static (g, r, ct) => g.Refund(r, ct));

    public static readonly GrainMethod<IWalletGrain, Empty, WalletReply> Get =
        new(GrainType, "Get", 4, Empty.Parser, WalletReply.Parser, static (g, r, ct) => g.Get(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod[] All = [Credit, Debit, Refund, Get];
}
