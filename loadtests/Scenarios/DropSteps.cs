using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>The grab and pay steps the drop scenarios share.</summary>
internal static class Drops
{
    /// <summary>Grabs one unit for the next shopper; returns the order when the server acknowledged it.</summary>
    public static ValueTask<Order?> GrabAsync(ScenarioContext ctx, int step, int slot, string dropId, CancellationToken cancellationToken) =>
        GrabAsync(ctx, step, slot, dropId, ctx.NextUser(), cancellationToken);

    /// <summary>Grabs one unit for shopper <paramref name="userIndex"/>.</summary>
    public static async ValueTask<Order?> GrabAsync(ScenarioContext ctx, int step, int slot, string dropId, int userIndex, CancellationToken cancellationToken)
    {
        var user = ctx.Users[userIndex];
        var request = new GrabRequest { DropId = dropId, UserId = user, Quantity = 1 };
        var start = Stopwatch.GetTimestamp();
        Order? won = null;
        Outcome outcome;
        try
        {
            var reply = await ctx.Shop(slot).GrabAsync(request, ctx.Call, cancellationToken);
            outcome = reply.Result == ResultCode.Ok ? Outcome.Ok : Outcome.Rejected((int)reply.Result);
            if (reply.Result == ResultCode.Ok)
            {
                won = reply.Order;
                ctx.Acks.Grabbed(won.OrderId, dropId, user, won.Quantity);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = ex is Grpc.Core.RpcException rpc ? Outcome.Error((int)rpc.StatusCode) : Outcome.Error(Outcome.ClientError);
        }

        ctx.Stats.Record(step, slot, outcome, start);
        return won;
    }

    public static async ValueTask<bool> PayAsync(ScenarioContext ctx, int step, int slot, Order order, string couponId, CancellationToken cancellationToken)
    {
        var request = new PayRequest { OrderId = order.OrderId, UserId = order.UserId, CouponId = couponId };
        var start = Stopwatch.GetTimestamp();
        var paid = false;
        Outcome outcome;
        try
        {
            var reply = await ctx.Shop(slot).PayAsync(request, ctx.Call, cancellationToken);
            outcome = reply.Result == ResultCode.Ok ? Outcome.Ok : Outcome.Rejected((int)reply.Result);
            if (reply.Result == ResultCode.Ok)
            {
                paid = true;
                ctx.Acks.Paid(order.OrderId, order.DropId, order.UserId, reply.Order?.PaidAmount ?? order.TotalAmount, couponId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = ex is Grpc.Core.RpcException rpc ? Outcome.Error((int)rpc.StatusCode) : Outcome.Error(Outcome.ClientError);
        }

        ctx.Stats.Record(step, slot, outcome, start);
        return paid;
    }
}

/// <summary>Pays exactly a share of won orders, deterministically: the n-th win pays when
/// floor(n × share) moves up.</summary>
internal static class PayShare
{
    public static bool ShouldPay(long nth, double share) =>
        (long)Math.Floor(nth * share) > (long)Math.Floor((nth - 1) * share);
}
