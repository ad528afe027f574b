using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Cli.Commands;

/// <summary>Operator verbs that move money or change a user: credit, tier, refund.</summary>
internal static class AdminMoneyCommands
{
    public static void AddTo(Command admin)
    {
        admin.Subcommands.Add(Credit());
        admin.Subcommands.Add(Tier());
        admin.Subcommands.Add(Refund());
    }

    private static Command Credit()
    {
        var user = new Argument<string>("user") { Description = "User id" };
        var amount = new Argument<long>("amount") { Description = "Amount in fen (minor units)" };
        var reason = new Option<string?>("--reason") { Description = "Ledger note" };
        var key = ShopCommands.KeyOption();
        var command = new Command("credit", "Credit a wallet") { user, amount, reason, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var request = new CreditWalletRequest
            {
                UserId = ctx.Parse.GetRequiredValue(user),
                Amount = ctx.Parse.GetValue(amount),
                Reason = ctx.Parse.GetValue(reason) ?? "cli credit",
                IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
            };
            var wallet = await ctx.RequireAdmin().CreditWalletAsync(request, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, wallet, o =>
                o.WriteLine($"CREDITED {Output.Money(request.Amount)} to {wallet.UserId}: balance {Output.Money(wallet.Balance)} (key {request.IdempotencyKey})"));
        });
    }

    private static Command Tier()
    {
        var user = new Argument<string>("user") { Description = "User id" };
        var tier = new Argument<int>("tier") { Description = "Member tier (0 = none)" };
        var command = new Command("tier", "Set a user's member tier") { user, tier };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.RequireAdmin().SetMemberTierAsync(
                new SetMemberTierRequest { UserId = ctx.Parse.GetRequiredValue(user), Tier = ctx.Parse.GetValue(tier) },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine($"TIER {reply.Tier}"));
        });
    }

    private static Command Refund()
    {
        var order = new Argument<string>("order") { Description = "Order id" };
        var reason = new Option<string?>("--reason") { Description = "Ledger note" };
        var key = ShopCommands.KeyOption();
        var command = new Command("refund", "Refund a paid order") { order, reason, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.RequireAdmin().RefundOrderAsync(
                new RefundOrderRequest
                {
                    OrderId = ctx.Parse.GetRequiredValue(order),
                    Reason = ctx.Parse.GetValue(reason) ?? "cli refund",
                    IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
                },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine("REFUNDED: " + Describe.Order(reply.Order)));
        });
    }
}
