using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Grpc.Health.V1;

namespace FlashSale.Cli.Commands;

/// <summary>Read-only operator verbs: drop, pool, orders-of, health.</summary>
internal static class AdminQueryCommands
{
    public static void AddTo(Command admin)
    {
        admin.Subcommands.Add(Drop());
        admin.Subcommands.Add(Pool());
        admin.Subcommands.Add(OrdersOf());
        admin.Subcommands.Add(Health());
    }

    private static Command Drop()
    {
        var id = new Argument<string>("id") { Description = "Drop id" };
        var command = new Command("drop", "A drop's status: sold, reserved, remaining") { id };
        return command.WithAction(async (ctx, ct) =>
        {
            var drop = await ctx.RequireAdmin().GetDropStatusAsync(new GetDropStatusRequest { DropId = ctx.Parse.GetRequiredValue(id) }, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, drop, o => o.WriteLine(Describe.Drop(drop)));
        });
    }

    private static Command Pool()
    {
        var id = new Argument<string>("id") { Description = "Coupon pool id" };
        var command = new Command("pool", "A coupon pool's status") { id };
        return command.WithAction(async (ctx, ct) =>
        {
            var pool = await ctx.RequireAdmin().GetCouponPoolStatusAsync(new GetCouponPoolStatusRequest { PoolId = ctx.Parse.GetRequiredValue(id) }, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, pool, o => o.WriteLine(Describe.Pool(pool)));
        });
    }

    private static Command OrdersOf()
    {
        var id = new Argument<string>("drop") { Description = "Drop id" };
        var command = new Command("orders-of", "Every order of a drop (read page by page)") { id };
        return command.WithAction(async (ctx, ct) =>
        {
            var orders = ctx.RequireAdmin().ListAllDropOrdersAsync(ctx.Parse.GetRequiredValue(id), cancellationToken: ct);
            if (ctx.Json)
            {
                // One object as before paging: all the orders, no next_page_token.
                var all = new ListDropOrdersReply();
                await foreach (var order in orders)
                {
                    all.Orders.Add(order);
                }

                return await Output.ReplyAsync(ctx, all, _ => { });
            }

            // Lines go out as pages arrive: a drop can have a million orders.
            var count = 0;
            var unitsPaid = 0L;
            await foreach (var order in orders)
            {
                await ctx.Out.WriteLineAsync($"{Describe.Order(order)} user {order.UserId}");
                count++;
                unitsPaid += order.State == OrderState.Paid ? order.Quantity : 0;
            }

            await ctx.Out.WriteLineAsync($"{count} orders, {unitsPaid} units paid");
            return ExitCodes.Success;
        });
    }

    private static Command Health()
    {
        var service = new Argument<string>("service") { Description = "Service name (default: the whole server)", DefaultValueFactory = _ => string.Empty };
        var command = new Command("health", "grpc.health.v1 check") { service };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Health.CheckAsync(ctx.Parse.GetValue(service) ?? string.Empty, cancellationToken: ct);
            await Output.ReplyAsync(ctx, reply, o => o.WriteLine(Output.Name(reply.Status)));
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? ExitCodes.Success : ExitCodes.BusinessResult;
        });
    }
}
