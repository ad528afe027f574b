using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Cli.Commands;

/// <summary>Operator verbs: pause-drop, resume-drop, start-rain, rain.</summary>
internal static class AdminAfterSalesCommands
{
    public static void AddTo(Command admin)
    {
        admin.Subcommands.Add(Pause());
        admin.Subcommands.Add(Resume());
        admin.Subcommands.Add(StartRain());
        admin.Subcommands.Add(RainStatus());
    }

    private static Command Pause()
    {
        var drop = new Argument<string>("drop") { Description = "Drop id" };
        var reason = new Option<string?>("--reason") { Description = "Shown to watchers and in the drop's status" };
        var command = new Command("pause-drop", "Pause a drop: no new grabs until resumed; pending orders can still be paid") { drop, reason };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.RequireAdmin().PauseDropAsync(
                new PauseDropRequest { DropId = ctx.Parse.GetRequiredValue(drop), Reason = ctx.Parse.GetValue(reason) ?? string.Empty },
                cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine($"PAUSED ({reply.Drop.PauseReason}): {Describe.Drop(reply.Drop)}"));
        });
    }

    private static Command Resume()
    {
        var drop = new Argument<string>("drop") { Description = "Drop id" };
        var command = new Command("resume-drop", "Resume a paused drop") { drop };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await ctx.RequireAdmin().ResumeDropAsync(new ResumeDropRequest { DropId = ctx.Parse.GetRequiredValue(drop) }, cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine($"RESUMED: {Describe.Drop(reply.Drop)}"));
        });
    }

    private static Command StartRain()
    {
        var id = new Argument<string>("id") { Description = "Rain id" };
        var room = new Option<string>("--room") { Description = "Room id", Required = true };
        var total = new Option<long>("--total") { Description = "Total in fen, split over the envelopes (each >= 1 fen)", Required = true };
        var count = new Option<int>("--count") { Description = "Envelopes (1 to 10000)", Required = true };
        var duration = new Option<string>("--for") { Description = "How long envelopes can be claimed, e.g. 30s", DefaultValueFactory = _ => "30s" };
        var startsIn = new Option<string?>("--starts-in") { Description = "Starts after this long (default now)" };
        var password = new Option<string?>("--password") { Description = "Chat password a claim must carry" };
        var command = new Command("start-rain", "Start a red-envelope rain in a room") { id, room, total, count, duration, startsIn, password };
        return command.WithAction(async (ctx, ct) =>
        {
            var request = new StartEnvelopeRainRequest
            {
                RainId = ctx.Parse.GetRequiredValue(id),
                RoomId = ctx.Parse.GetRequiredValue(room),
                TotalAmount = ctx.Parse.GetValue(total),
                Count = ctx.Parse.GetValue(count),
                DurationSeconds = (int)Math.Ceiling(Durations.Parse(ctx.Parse.GetValue(duration)!, "--for").TotalSeconds),
                Password = ctx.Parse.GetValue(password) ?? string.Empty,
            };
            if (ctx.Parse.GetValue(startsIn) is { } later)
            {
                request.StartsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow + Durations.Parse(later, "--starts-in"));
            }

            var reply = await ctx.RequireAdmin().StartEnvelopeRainAsync(request, cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine("RAIN " + Rain(reply.Rain)));
        });
    }

    private static Command RainStatus()
    {
        var id = new Argument<string>("id") { Description = "Rain id" };
        var command = new Command("rain", "Show a red-envelope rain's counters") { id };
        return command.WithAction(async (ctx, ct) =>
        {
            var status = await ctx.RequireAdmin().GetEnvelopeRainStatusAsync(new GetEnvelopeRainStatusRequest { RainId = ctx.Parse.GetRequiredValue(id) }, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, status, o => o.WriteLine(Rain(status)));
        });
    }

    internal static string Rain(EnvelopeRainStatus rain) =>
        $"{rain.RainId} in room {rain.RoomId} {Output.Name(rain.State)}: claimed {rain.Claimed}/{rain.Count} envelopes, " +
        $"{Output.Money(rain.ClaimedAmount)} of {Output.Money(rain.TotalAmount)}, {Output.Time(rain.StartsAt)} to {Output.Time(rain.EndsAt)}" +
        (rain.PasswordRequired ? ", password required" : string.Empty);
}
