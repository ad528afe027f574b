using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>Typed reference: each method is one call through the engine's invoker.</summary>
internal sealed class DropGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IDropGrain
{
    public Task<ScheduleDropReply> Schedule(ScheduleDropRequest request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.Schedule, request, cancellationToken);

    public Task<GrabReply> Grab(DropGrab request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.Grab, request, cancellationToken);

    public Task<OrderReply> GetOrder(OrderRef request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.GetOrder, request, cancellationToken);

    public Task<OrderReply> ConfirmPayment(ConfirmPayment request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.ConfirmPayment, request, cancellationToken);

    public Task<OrderReply> Cancel(OrderRef request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.Cancel, request, cancellationToken);

    public Task<OrderReply> MarkRefunded(OrderRef request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.MarkRefunded, request, cancellationToken);

    public Task<DropStatus> Close(Empty request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.Close, request, cancellationToken);

    public Task<DropStatus> GetStatus(Empty request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.GetStatus, request, cancellationToken);

    public Task<ListDropOrdersReply> ListOrders(ListDropOrdersRequest request, CancellationToken cancellationToken = default) => Invoke(DropGrainMethods.ListOrders, request, cancellationToken);
}
