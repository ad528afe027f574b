using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Cli.Commands;

/// <summary>Shopper verbs for after-sales and the live room's red envelopes: return, envelope.</summary>
internal static class ShopAfterSalesCommands
{
    public static void AddTo(Command root)
    {
        root.Subcommands.Add(Return());
        root.Subcommands.Add(Envelope());
    }

    private static Command Return()
    {
        var order = new Argument<string>("order") { Description = "Order id" };
        var key = ShopCommands.KeyOption();
        var command = new Command("return", "Return a paid order within the return window (7 days, no reason); the amount paid goes back to the wallet") { order, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.ReturnOrderAsync(
                new ReturnOrderRequest
                {
                    OrderId = ctx.Parse.GetRequiredValue(order),
                    UserId = ctx.User,
                    IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
                },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o =>
            {
                o.WriteLine($"RETURNED: {Describe.Order(reply.Order)}");
                o.WriteLine($"refunded {Output.Money(reply.RefundedAmount)}; balance {Output.Money(reply.Balance)}");
            });
        });
    }

    private static Command Envelope()
    {
        var rain = new Argument<string>("rain") { Description = "Rain id (from the room's rain-started event)" };
        var password = new Option<string?>("--password", "-p") { Description = "The chat password (口令), when the rain has one" };
        var key = ShopCommands.KeyOption();
        var command = new Command("envelope", "Claim a red envelope of a rain (once per user)") { rain, password, key };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.Shop.ClaimEnvelopeAsync(
                new ClaimEnvelopeRequest
                {
                    RainId = ctx.Parse.GetRequiredValue(rain),
                    UserId = ctx.User,
                    Password = ctx.Parse.GetValue(password) ?? string.Empty,
                    IdempotencyKey = ctx.Parse.GetValue(key) ?? string.Empty,
                },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o =>
                o.WriteLine($"ENVELOPE: {Output.Money(reply.Amount)}; balance {Output.Money(reply.Balance)}; {reply.Remaining} envelopes left"));
        });
    }
}
