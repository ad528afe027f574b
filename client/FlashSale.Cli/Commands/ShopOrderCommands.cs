using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Cli.Commands;

/// <summary>Shopper verbs that change state: grab, pay, cancel, claim. Each takes --key for safe retries.</summary>
internal static class ShopOrderCommands
{
    public static void AddTo(Command root)
    {
        root.Subcommands.Add(Grab());
        root.Subcommands.Add(Pay());
        root.Subcommands.Add(Cancel());
        root.Subcommands.Add(Claim());
    }

    private static Command Grab()
    {
        var drop = new Argument<string>("drop") { Description = "Drop id" };
        var qty = new Option<int>("--qty", "-n") { Description = "Units to grab", DefaultValueFactory = _ => 1 };
        var key = ShopCommands.KeyOption();
        var command = new Command("grab", "Grab units of a drop (creates an order waiting for payment)") { drop, qty, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var request = new GrabRequest
            {
                DropId = ctx.Parse.GetRequiredValue(drop),
                UserId = ctx.User,
                Quantity = ctx.Parse.GetValue(qty),
                IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
            };
            var reply = await ctx.Shop.GrabAsync(request, cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o =>
            {
                o.WriteLine($"GRABBED: {Describe.Order(reply.Order)}");
                o.WriteLine($"{reply.Remaining} left; idempotency key {request.IdempotencyKey}");
            });
        });
    }

    private static Command Pay()
    {
        var order = new Argument<string>("order") { Description = "Order id" };
        var coupon = new Option<string?>("--coupon", "-c") { Description = "A claimed coupon id" };
        var key = ShopCommands.KeyOption();
        var command = new Command("pay", "Pay a pending order from the wallet") { order, coupon, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.PayAsync(
                new PayRequest
                {
                    OrderId = ctx.Parse.GetRequiredValue(order),
                    UserId = ctx.User,
                    CouponId = ctx.Parse.GetValue(coupon) ?? string.Empty,
                    IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
                },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o =>
            {
                o.WriteLine($"PAID: {Describe.Order(reply.Order)}");
                o.WriteLine($"balance {Output.Money(reply.Balance)}");
            });
        });
    }

    private static Command Cancel()
    {
        var order = new Argument<string>("order") { Description = "Order id" };
        var key = ShopCommands.KeyOption();
        var command = new Command("cancel", "Cancel a pending order (its units return to the drop)") { order, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.CancelOrderAsync(
                new CancelOrderRequest
                {
                    OrderId = ctx.Parse.GetRequiredValue(order),
                    UserId = ctx.User,
                    IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
                },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine($"CANCELLED: {Describe.Order(reply.Order)}"));
        });
    }

    private static Command Claim()
    {
        var pool = new Argument<string>("pool") { Description = "Coupon pool id" };
        var key = ShopCommands.KeyOption();
        var command = new Command("claim", "Claim a coupon from a pool") { pool, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.ClaimCouponAsync(
                new ClaimCouponRequest
                {
                    PoolId = ctx.Parse.GetRequiredValue(pool),
                    UserId = ctx.User,
                    IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
                },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o =>
                o.WriteLine($"CLAIMED: {Describe.Coupon(reply.Coupon)}; {reply.Remaining} left in the pool"));
        });
    }
}
