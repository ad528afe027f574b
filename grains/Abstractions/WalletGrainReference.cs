using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>Typed reference: each method is one call through the engine's invoker.</summary>
internal sealed class WalletGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IWalletGrain
{
    public Task<WalletReply> Credit(CreditWalletRequest request, CancellationToken cancellationToken = default) => Invoke(WalletGrainMethods.Credit, request, cancellationToken);

    public Task<WalletOpReply> Debit(WalletDebit request, CancellationToken cancellationToken = default) => Invoke(WalletGrainMethods.Debit, request, cancellationToken);

    public Task<WalletOpReply> Refund(WalletRefund request, CancellationToken cancellationToken = default) => Invoke(WalletGrainMethods.Refund, request, cancellationToken);

    public Task<WalletReply> Get(Empty request, CancellationToken cancellationToken = default) => Invoke(WalletGrainMethods.Get, request, cancellationToken);
}
