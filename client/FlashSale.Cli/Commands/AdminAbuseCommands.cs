using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Cli.Commands;

/// <summary>Anti-abuse verbs: block-user, unblock-user, block-address, unblock-address, blocks, rejections.</summary>
internal static class AdminAbuseCommands
{
    public static void AddTo(Command admin)
    {
        admin.Subcommands.Add(Block("block-user", "user", "Block a user from grabbing, paying, cancelling and claiming",
            (ctx, value, reason, ct) => ctx.RequireAdmin().BlockUserAsync(new BlockUserRequest { UserId = value, Reason = reason }, cancellationToken: ct)));
        admin.Subcommands.Add(Unblock("unblock-user", "user", "Take a user off the blocklist",
            (ctx, value, ct) => ctx.RequireAdmin().UnblockUserAsync(new UnblockUserRequest { UserId = value }, cancellationToken: ct)));
        admin.Subcommands.Add(Block("block-address", "address", "Block a client address or CIDR range (e.g. 10.0.0.0/8)",
            (ctx, value, reason, ct) => ctx.RequireAdmin().BlockAddressAsync(new BlockAddressRequest { Address = value, Reason = reason }, cancellationToken: ct)));
        admin.Subcommands.Add(Unblock("unblock-address", "address", "Take a client address or range off the blocklist",
            (ctx, value, ct) => ctx.RequireAdmin().UnblockAddressAsync(new UnblockAddressRequest { Address = value }, cancellationToken: ct)));
        admin.Subcommands.Add(Blocks());
        admin.Subcommands.Add(Rejections());
    }

    private static Command Block(string name, string what, string description, Func<CliContext, string, string, CancellationToken, Task<BlockReply>> call)
    {
        var value = new Argument<string>(what) { Description = what == "user" ? "User id" : "IP address or CIDR range" };
        var reason = new Option<string>("--reason") { Description = "Operator's note", DefaultValueFactory = _ => string.Empty };
        var command = new Command(name, description) { value, reason };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await call(ctx, ctx.Parse.GetRequiredValue(value), ctx.Parse.GetValue(reason) ?? string.Empty, ct);
            return await Output.ReplyAsync(ctx, reply, o => o.WriteLine((reply.Created ? "BLOCKED: " : "ALREADY BLOCKED: ") + Entry(reply.Entry)));
        });
    }

    private static Command Unblock(string name, string what, string description, Func<CliContext, string, CancellationToken, Task<UnblockReply>> call)
    {
        var value = new Argument<string>(what) { Description = what == "user" ? "User id" : "IP address or CIDR range" };
        var command = new Command(name, description) { value };
        return command.WithAction(async (ctx, ct) =>
        {
            var reply = await call(ctx, ctx.Parse.GetRequiredValue(value), ct);
            return await Output.ReplyAsync(ctx, reply, o => o.WriteLine(reply.Removed ? "UNBLOCKED" : "NOT BLOCKED"));
        });
    }

    private static Command Blocks()
    {
        var kind = new Option<string?>("--kind") { Description = "user or address (default: both)" };
        var command = new Command("blocks", "The blocklist") { kind };
        return command.WithAction(async (ctx, ct) =>
        {
            var request = new ListBlocksRequest
            {
                Kind = ctx.Parse.GetValue(kind) switch
                {
                    null => BlockKind.Unspecified,
                    "user" => BlockKind.User,
                    "address" => BlockKind.Address,
                    var other => throw new CliUsageException($"--kind: '{other}' is not user or address."),
                },
            };
            var reply = await ctx.RequireAdmin().ListBlocksAsync(request, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, reply, o =>
            {
                foreach (var entry in reply.Entries)
                {
                    o.WriteLine(Entry(entry));
                }

                o.WriteLine($"{reply.Entries.Count} entries");
            });
        });
    }

    private static Command Rejections()
    {
        var user = new Option<string?>("--user") { Description = "Only this user" };
        var address = new Option<string?>("--address") { Description = "Only this client address" };
        var reason = new Option<string?>("--reason") { Description = "USER_BLOCKED, ADDRESS_BLOCKED or RAPID_GRAB" };
        var since = new Option<string?>("--since") { Description = "Only the last ..., e.g. 10m" };
        var pageSize = new Option<int>("--page-size") { Description = "Rejections per page", DefaultValueFactory = _ => 100 };
        var pageToken = new Option<string?>("--page-token") { Description = "next_page_token of an earlier page" };
        var command = new Command("rejections", "The audit of rejected shop calls, newest first") { user, address, reason, since, pageSize, pageToken };
        return command.WithAction(async (ctx, ct) =>
        {
            var request = new ListRejectionsRequest
            {
                UserId = ctx.Parse.GetValue(user) ?? string.Empty,
                Address = ctx.Parse.GetValue(address) ?? string.Empty,
                Reason = ctx.Parse.GetValue(reason) ?? string.Empty,
                PageSize = ctx.Parse.GetValue(pageSize),
                PageToken = ctx.Parse.GetValue(pageToken) ?? string.Empty,
            };
            if (ctx.Parse.GetValue(since) is { } window)
            {
                request.Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - Durations.Parse(window, "--since"));
            }

            var reply = await ctx.RequireAdmin().ListRejectionsAsync(request, cancellationToken: ct);
            return await Output.ReplyAsync(ctx, reply, o =>
            {
                foreach (var r in reply.Rejections)
                {
                    o.WriteLine($"{Output.Time(r.At)} {r.Reason} {r.Method} user {r.UserId} from {r.Address} {r.Detail}".TrimEnd());
                }

                o.WriteLine(reply.NextPageToken.Length > 0 ? $"more: --page-token {reply.NextPageToken}" : $"{reply.Rejections.Count} rejections");
            });
        });
    }

    private static string Entry(BlockEntry entry) =>
        $"{(entry.Kind == BlockKind.User ? "user" : "address")} {entry.Value} since {Output.Time(entry.BlockedAt)}{(entry.Reason.Length > 0 ? " (" + entry.Reason + ")" : string.Empty)}";
}
