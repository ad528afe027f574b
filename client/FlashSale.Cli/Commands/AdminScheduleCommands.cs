using System.CommandLine;
using System.Globalization;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Cli.Commands;

/// <summary>Operator verbs that set up a sale: schedule-drop, create-pool.</summary>
internal static class AdminScheduleCommands
{
    public static void AddTo(Command admin)
    {
        admin.Subcommands.Add(ScheduleDrop());
        admin.Subcommands.Add(CreatePool());
    }

    private static Command ScheduleDrop()
    {
        var id = new Argument<string>("id") { Description = "Drop id" };
        var room = new Option<string>("--room") { Description = "Room id", Required = true };
        var title = new Option<string>("--title") { Description = "Product title", Required = true };
        var price = new Option<long>("--price") { Description = "Unit price in fen (minor units)", Required = true };
        var qty = new Option<int>("--qty") { Description = "Units for sale", Required = true };
        var limit = new Option<int>("--limit") { Description = "Per-user limit", DefaultValueFactory = _ => 1 };
        var opensIn = new Option<string?>("--opens-in") { Description = "Opens after this long, e.g. 30s" };
        var opensAt = new Option<string?>("--opens-at") { Description = "Opens at this ISO 8601 time" };
        var closesIn = new Option<string?>("--closes-in") { Description = "Closes this long after opening" };
        var paymentWindow = new Option<int>("--payment-window") { Description = "Seconds an unpaid order holds its units", DefaultValueFactory = _ => 300 };
        var earlyAccess = new Option<string?>("--early-access") { Description = "Members may grab this long before opening, e.g. 10s" };
        var earlyTier = new Option<int>("--early-tier") { Description = "Minimum member tier for early access", DefaultValueFactory = _ => 1 };
        var command = new Command("schedule-drop", "Schedule a timed drop in a room")
        {
            id, room, title, price, qty, limit, opensIn, opensAt, closesIn, paymentWindow, earlyAccess, earlyTier,
        };
        return command.WithAction(async (ctx, ct) =>
        {
            var opens = ResolveOpensAt(ctx.Parse.GetValue(opensIn), ctx.Parse.GetValue(opensAt));
            var request = new ScheduleDropRequest
            {
                DropId = ctx.Parse.GetRequiredValue(id),
                RoomId = ctx.Parse.GetRequiredValue(room),
                Title = ctx.Parse.GetRequiredValue(title),
                UnitPrice = ctx.Parse.GetValue(price),
                Quantity = ctx.Parse.GetValue(qty),
                PerUserLimit = ctx.Parse.GetValue(limit),
                OpensAt = Timestamp.FromDateTimeOffset(opens),
                PaymentWindowSeconds = ctx.Parse.GetValue(paymentWindow),
            };
            if (ctx.Parse.GetValue(closesIn) is { } closes)
            {
                request.ClosesAt = Timestamp.FromDateTimeOffset(opens + Durations.Parse(closes, "--closes-in"));
            }

            if (ctx.Parse.GetValue(earlyAccess) is { } early)
            {
                request.EarlyAccessAt = Timestamp.FromDateTimeOffset(opens - Durations.Parse(early, "--early-access"));
                request.EarlyAccessMinTier = ctx.Parse.GetValue(earlyTier);
            }

            var reply = await ctx.RequireAdmin().ScheduleDropAsync(request, cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine("SCHEDULED: " + Describe.Drop(reply.Drop)));
        });
    }

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

    private static DateTimeOffset ResolveOpensAt(string? opensIn, string? opensAt)
    {
        if (opensIn is not null && opensAt is not null)
        {
            throw new CliUsageException("give --opens-in or --opens-at, not both.");
        }

        if (opensAt is not null)
        {
            return DateTimeOffset.TryParse(opensAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at)
                ? at
                : throw new CliUsageException($"--opens-at: '{opensAt}' is not an ISO 8601 time.");
        }

        return DateTimeOffset.UtcNow + (opensIn is null ? TimeSpan.Zero : Durations.Parse(opensIn, "--opens-in"));
    }
}
