using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Drop;

/// <summary>The batch forms of the drop's methods, called by the engine only (group commit); not
/// part of <see cref="IDropGrain"/>, which callers use one call at a time.</summary>
internal interface IDropGrainBatch
{
    Task<IReadOnlyList<GrabReply>> GrabBatch(IReadOnlyList<DropGrab> requests, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrderReply>> ConfirmPaymentBatch(IReadOnlyList<ConfirmPayment> requests, CancellationToken cancellationToken);
}
