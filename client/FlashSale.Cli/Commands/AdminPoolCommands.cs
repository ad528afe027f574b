using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Cli.Commands;

/// <summary>Operator verb that funds coupons: create-pool.</summary>
internal static class AdminPoolCommands
{
    public static void AddTo(Command admin) => admin.Subcommands.Add(CreatePool());

    private static Command CreatePool()
    {
        var id = new Argument<string>("id") { Description = "Pool id" };
        var kind = new Option<string>("--kind") { Description = "threshold (满减) | amount (直降) | percent", Required = true };
        kind.AcceptOnlyFromAmong("threshold", "amount", "percent");
        var amountOff = new Option<long>("--amount-off") { Description = "Amount off in fen (threshold, amount)" };
        var threshold = new Option<long>("--threshold") { Description = "Minimum order total in fen (threshold)" };
        var percent = new Option<int>("--percent") { Description = "Percent off (percent)" };
        var total = new Option<int>("--total") { Description = "Coupons in the pool", Required = true };
        var validFor = new Option<string?>("--valid-for") { Description = "Validity from now, e.g. 7d (default: no end)" };
        var command = new Command("create-pool", "Create a coupon pool") { id, kind, amountOff, threshold, percent, total, validFor };
        return command.WithAction(async (ctx, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var request = new CreateCouponPoolRequest
            {
                PoolId = ctx.Parse.GetRequiredValue(id),
                Kind = ctx.Parse.GetRequiredValue(kind) switch
                {
                    "threshold" => CouponKind.ThresholdOff,
                    "amount" => CouponKind.AmountOff,
                    _ => CouponKind.PercentOff,
                },
                AmountOff = ctx.Parse.GetValue(amountOff),
                Threshold = ctx.Parse.GetValue(threshold),
                PercentOff = ctx.Parse.GetValue(percent),
                Total = ctx.Parse.GetValue(total),
                ValidFrom = Timestamp.FromDateTimeOffset(now),
            };
            if (ctx.Parse.GetValue(validFor) is { } valid)
            {
                request.ValidUntil = Timestamp.FromDateTimeOffset(now + Durations.Parse(valid, "--valid-for"));
            }

            var reply = await ctx.RequireAdmin().CreateCouponPoolAsync(request, cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine("CREATED: " + Describe.Pool(reply.Pool)));
        });
    }
}
