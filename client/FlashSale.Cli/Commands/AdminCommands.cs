using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Cli.Commands;

/// <summary>The <c>admin</c> group: rooms and status queries here; drops, pools and money in sibling files.</summary>
internal static class AdminCommands
{
    public static void AddTo(Command root)
    {
        var admin = new Command("admin", "Operator verbs (need the admin token)");
        admin.Subcommands.Add(CreateRoom());
        admin.Subcommands.Add(RoomCommand("start-room", "Put a room live", (ctx, r, ct) => ctx.RequireAdmin().StartRoomAsync(r, cancellationToken: ct)));
        admin.Subcommands.Add(RoomCommand("end-room", "End a room and close its drops", (ctx, r, ct) => ctx.RequireAdmin().EndRoomAsync(r, cancellationToken: ct)));
        AdminScheduleCommands.AddTo(admin);
        AdminPoolCommands.AddTo(admin);
        AdminMoneyCommands.AddTo(admin);
        AdminQueryCommands.AddTo(admin);
        AdminAbuseCommands.AddTo(admin);
        AdminAfterSalesCommands.AddTo(admin);
        root.Subcommands.Add(admin);
    }

    private static Command CreateRoom()
    {
        var id = new Argument<string>("id") { Description = "Room id" };
        var title = new Option<string>("--title") { Description = "Room title", Required = true };
        var startsIn = new Option<string?>("--starts-in") { Description = "Go live by itself after this long, e.g. 10m" };
        var command = new Command("create-room", "Create a live room") { id, title, startsIn };
        return command.WithAction(async (ctx, ct) =>
        {
            var request = new CreateRoomRequest { RoomId = ctx.Parse.GetRequiredValue(id), Title = ctx.Parse.GetRequiredValue(title) };
            if (ctx.Parse.GetValue(startsIn) is { } delay)
            {
                request.StartsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow + Durations.Parse(delay, "--starts-in"));
            }

            var reply = await ctx.RequireAdmin().CreateRoomAsync(request, cancellationToken: ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine("CREATED: " + Describe.Room(reply.Room)));
        });
    }

    private static Command RoomCommand(string name, string description, Func<CliContext, RoomCommand, CancellationToken, Task<RoomCommandReply>> call)
    {
        var id = new Argument<string>("id") { Description = "Room id" };
        var command = new Command(name, description) { id };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await call(ctx, new RoomCommand { RoomId = ctx.Parse.GetRequiredValue(id) }, ct);
            return await Output.ResultAsync(ctx, reply, reply.Result, o => o.WriteLine(Describe.Room(reply.Room)));
        });
    }
}
