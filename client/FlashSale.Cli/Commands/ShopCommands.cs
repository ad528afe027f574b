using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Cli.Commands;

/// <summary>Shopper verbs: rooms, room, grab, pay, cancel, orders, wallet, claim.</summary>
internal static class ShopCommands
{
    public static void AddTo(Command root)
    {
        root.Subcommands.Add(Rooms());
        root.Subcommands.Add(Room());
        root.Subcommands.Add(Grab());
        root.Subcommands.Add(Pay());
        root.Subcommands.Add(Cancel());
        root.Subcommands.Add(Orders());
        root.Subcommands.Add(Wallet());
        root.Subcommands.Add(Claim());
    }

    private static Command Rooms() =>
        new Command("rooms", "List live rooms").WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.ListRoomsAsync(cancellationToken: ct);
            return await Output.ReplyAsync(ctx, reply, o =>
            {
                foreach (var room in reply.Rooms)
                {
                    o.WriteLine(Describe.Room(room));
                }

                if (reply.Rooms.Count == 0)
                {
                    o.WriteLine("no rooms");
                }
            });
        });

    private static Command Room()
    {
        var id = new Argument<string>("room") { Description = "Room id" };
        var command = new Command("room", "Show a room and its drops") { id };
        return command.WithAction(async (ctx, ct) =>
        {
            var room = await ctx.Shop.GetRoomAsync(new GetRoomRequest { RoomId = ctx.Parse.GetRequiredValue(id) }, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, room, o =>
            {
                o.WriteLine(Describe.Room(room));
                foreach (var drop in room.Drops)
                {
                    o.WriteLine("  " + Describe.Drop(drop));
                }
            });
        });
    }

    private static Command Grab()
    {
        var drop = new Argument<string>("drop") { Description = "Drop id" };
        var qty = new Option<int>("--qty", "-n") { Description = "Units to grab", DefaultValueFactory = _ => 1 };
        var key = KeyOption();
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
        var key = KeyOption();
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
        var key = KeyOption();
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

    private static Command Orders() =>
        new Command("orders", "List my orders").WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = ctx.User }, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, reply, o =>
            {
                foreach (var order in reply.Orders)
                {
                    o.WriteLine(Describe.Order(order));
                }

                if (reply.Orders.Count == 0)
                {
                    o.WriteLine("no orders");
                }
            });
        });

    private static Command Wallet() =>
        new Command("wallet", "Show my balance, ledger and coupons").WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = ctx.User }, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, reply, o => Describe.Wallet(o, reply));
        });

    private static Command Claim()
    {
        var pool = new Argument<string>("pool") { Description = "Coupon pool id" };
        var key = KeyOption();
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

    internal static Option<string?> KeyOption() =>
        new("--key", "-k") { Description = "Idempotency key (default: a fresh one); reuse it to retry safely" };
}
