using System.CommandLine;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using Google.Protobuf;

namespace FlashSale.Cli.Commands;

/// <summary><c>watch &lt;room&gt;</c>: one line per live room event until the room ends or Ctrl-C.</summary>
internal static class WatchCommand
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    public static void AddTo(Command root)
    {
        var room = new Argument<string>("room") { Description = "Room id" };
        var command = new Command("watch", "Follow a room live: countdowns, openings, stock, sold out (Ctrl-C stops)") { room };
        command.WithAction(async (ctx, ct) =>
        {
            var request = new WatchRoomRequest { RoomId = ctx.Parse.GetRequiredValue(room), UserId = ctx.Parse.GetValue(GlobalOptions.User) ?? string.Empty };
            var quantities = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var e in ctx.Shop.WatchRoom(request, cancellationToken: ct))
            {
                await ctx.Out.WriteLineAsync(ctx.Json ? Formatter.Format(e) : Format(e, quantities));
            }

            return ExitCodes.Success;
        });
        root.Subcommands.Add(command);
    }

    /// <summary>A one-line description; remembers drop quantities from snapshots for the stock bar.</summary>
    internal static string Format(RoomEvent e, Dictionary<string, int> quantities)
    {
        var at = Output.Clock(e.At);
        switch (e.KindCase)
        {
            case RoomEvent.KindOneofCase.Snapshot:
                foreach (var d in e.Snapshot.Drops)
                {
                    quantities[d.DropId] = d.Quantity;
                }

                return $"{at} {Describe.Room(e.Snapshot)}" +
                    string.Concat(e.Snapshot.Drops.Select(d => Environment.NewLine + "         " + Describe.Drop(d)));
            case RoomEvent.KindOneofCase.DropScheduled:
                quantities[e.DropScheduled.DropId] = e.DropScheduled.Quantity;
                return $"{at} scheduled {Describe.Drop(e.DropScheduled)}";
            case RoomEvent.KindOneofCase.Countdown:
                return $"{at} drop {e.Countdown.DropId} opens in {Durations.Format(TimeSpan.FromSeconds(e.Countdown.SecondsLeft))}";
            case RoomEvent.KindOneofCase.Opened:
                return $"{at} drop {e.Opened.DropId} OPENED: {e.Opened.Remaining} units";
            case RoomEvent.KindOneofCase.StockLevel:
                var s = e.StockLevel;
                var total = quantities.TryGetValue(s.DropId, out var q) ? q : s.Remaining + s.Sold + s.Reserved;
                return $"{at} drop {s.DropId} {Output.Bar(s.Remaining, total)} {s.Remaining}/{total} left (sold {s.Sold}, reserved {s.Reserved})";
            case RoomEvent.KindOneofCase.SoldOut:
                return $"{at} drop {e.SoldOut.DropId} SOLD OUT";
            case RoomEvent.KindOneofCase.DropClosed:
                return $"{at} drop {e.DropClosed.DropId} closed, {e.DropClosed.Sold} sold";
            case RoomEvent.KindOneofCase.Live:
                return $"{at} room {e.RoomId} is LIVE";
            case RoomEvent.KindOneofCase.Ended:
                return $"{at} room {e.RoomId} ENDED";
            case RoomEvent.KindOneofCase.DropPaused:
                return $"{at} drop {e.DropPaused.DropId} PAUSED ({e.DropPaused.Reason})";
            case RoomEvent.KindOneofCase.DropResumed:
                return $"{at} drop {e.DropResumed.DropId} resumed";
            case RoomEvent.KindOneofCase.RainStarted:
                return $"{at} RED ENVELOPE RAIN {AdminAfterSalesCommands.Rain(e.RainStarted.Rain)} — flashsale envelope {e.RainStarted.Rain.RainId}";
            case RoomEvent.KindOneofCase.RainEnded:
                return $"{at} rain ended: {AdminAfterSalesCommands.Rain(e.RainEnded.Rain)}";
            default:
                return $"{at} event #{e.Sequence} (unknown kind)";
        }
    }
}
