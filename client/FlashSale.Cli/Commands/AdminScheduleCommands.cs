using System.CommandLine;
using System.Globalization;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Cli.Commands;

/// <summary>Operator verb that sets up a sale: schedule-drop.</summary>
internal static class AdminScheduleCommands
{
    public static void AddTo(Command admin)
    {
        admin.Subcommands.Add(ScheduleDrop());
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
        var buckets = new Option<int>("--buckets") { Description = "Hot-drop buckets: split the stock over this many grains, 1-64", DefaultValueFactory = _ => 1 };
        var command = new Command("schedule-drop", "Schedule a timed drop in a room")
        {
            id, room, title, price, qty, limit, opensIn, opensAt, closesIn, paymentWindow, earlyAccess, earlyTier, buckets,
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
                BucketCount = ctx.Parse.GetValue(buckets),
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
