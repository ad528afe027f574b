using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Cli.Commands;

/// <summary>Shopper verbs that read: rooms, room, orders, wallet (the buying verbs are in ShopOrderCommands).</summary>
internal static class ShopCommands
{
    public static void AddTo(Command root)
    {
        root.Subcommands.Add(Rooms());
        root.Subcommands.Add(Room());
        root.Subcommands.Add(Orders());
        root.Subcommands.Add(Wallet());
        ShopOrderCommands.AddTo(root);
        ShopAfterSalesCommands.AddTo(root);
    }

    private static Command Rooms() =>
        new Command("rooms", "List rooms with their drops (and the drops' ids)").WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.ListRoomsAsync(cancellationToken: ct);
            return await Output.ReplyAsync(ctx, reply, o =>
            {
                foreach (var room in reply.Rooms)
                {
                    o.WriteLine(Describe.Room(room));
                    foreach (var drop in room.Drops)
                    {
                        o.WriteLine("  " + Describe.Drop(drop));
                    }
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

    internal static Option<string?> KeyOption() =>
        new("--key", "-k") { Description = "Idempotency key (default: a fresh one); reuse it to retry safely" };
}
