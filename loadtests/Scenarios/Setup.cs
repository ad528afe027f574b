using FlashSale.Api.V1;
using FlashSale.Client;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>Admin calls the drop scenarios share: a live room, drops, funded wallets. A refusal
/// stops the run before any load is sent.</summary>
internal static class Setup
{
    public const long UnitPrice = 9_900;

    public static async Task LiveRoomAsync(ScenarioContext ctx, string roomId, CancellationToken cancellationToken)
    {
        var created = await ctx.Admin.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, Title = $"load test {ctx.RunId}" }, ctx.Call, cancellationToken);
        Require(created.Result, "CreateRoom " + roomId);
        var started = await ctx.Admin.StartRoomAsync(new RoomCommand { RoomId = roomId }, ctx.Call, cancellationToken);
        Require(started.Result, "StartRoom " + roomId);
    }

    public static async Task DropAsync(
        ScenarioContext ctx, string roomId, string dropId, int quantity, DateTimeOffset opensAt, CancellationToken cancellationToken)
    {
        var reply = await ctx.Admin.ScheduleDropAsync(
            new ScheduleDropRequest
            {
                DropId = dropId,
                RoomId = roomId,
                Title = "load test drop",
                UnitPrice = UnitPrice,
                Quantity = quantity,
                PerUserLimit = ctx.Options.EffectivePerUserLimit,
                OpensAt = Timestamp.FromDateTimeOffset(opensAt),
                PaymentWindowSeconds = 3_600,
                BucketCount = ctx.Options.Buckets,
            },
            ctx.Call,
            cancellationToken);
        Require(reply.Result, "ScheduleDrop " + dropId);
    }

    /// <summary>Enough for every unit the per-user limit allows, in every drop of the run.</summary>
    public static long CreditPerUser(ScenarioContext ctx, int drops) =>
        UnitPrice * ctx.Options.EffectivePerUserLimit * Math.Max(1, drops);

    public static async Task FundWalletsAsync(ScenarioContext ctx, long amount, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(32);
        var calls = ctx.Users.Select(async user =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await ctx.Admin.CreditWalletAsync(
                    new CreditWalletRequest { UserId = user, Amount = amount, IdempotencyKey = $"{user}-fund", Reason = "load test" },
                    ctx.Call,
                    cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(calls);
    }

    public static void Require(ResultCode result, string what)
    {
        if (result != ResultCode.Ok)
        {
            throw new SetupException($"{what} answered {result}");
        }
    }
}

/// <summary>The server refused the scenario's setup.</summary>
internal sealed class SetupException(string message) : Exception(message);
