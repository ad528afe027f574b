using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>One grab as the client saw it: a reply, the status it failed with, or neither when it was
/// never sent.</summary>
internal sealed record GrabOutcome(string UserId, GrabReply? Reply, RpcException? Error)
{
    public bool IsOk => Reply?.Result == ResultCode.Ok;
}

/// <summary>Set-up, load and audit steps shared by the crash tests, over the real admin and shop APIs.</summary>
internal static class CrashDrive
{
    /// <summary>A live room with a drop open now (per-user limit 1); returns the drop id.</summary>
    public static async Task<string> OpenDropAsync(AdminClient admin, int quantity, int paymentWindowSeconds)
    {
        var roomId = SiloScenario.NewId("room");
        var dropId = SiloScenario.NewId("drop");
        Assert.Equal(ResultCode.Ok, (await admin.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, Title = "crash" }).WithTimeout()).Result);
        Assert.Equal(ResultCode.Ok, (await admin.StartRoomAsync(new RoomCommand { RoomId = roomId }).WithTimeout()).Result);
        var scheduled = await admin.ScheduleDropAsync(new ScheduleDropRequest
        {
            DropId = dropId,
            RoomId = roomId,
            Title = "crash sneakers",
            UnitPrice = SiloScenario.UnitPrice,
            Quantity = quantity,
            PerUserLimit = 1,
            OpensAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1)),
            PaymentWindowSeconds = paymentWindowSeconds,
        }).WithTimeout();
        Assert.Equal(ResultCode.Ok, scheduled.Result);
        return dropId;
    }

    /// <summary>Distinct user ids.</summary>
    public static string[] Users(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}-{Guid.NewGuid():N}")];

    /// <summary>One grab per user, spread over <paramref name="shops"/> (one connection each), at most
    /// <paramref name="maxInFlight"/> at a time (all at once when null); collects every outcome.
    /// <paramref name="onOk"/> runs as each OK reply arrives; once <paramref name="stopSending"/> is
    /// cancelled, grabs not yet sent are skipped.</summary>
    public static async Task<GrabOutcome[]> GrabAllAsync(
        IReadOnlyList<ShopClient> shops,
        string dropId,
        IReadOnlyList<string> users,
        TimeSpan callTimeout,
        Action<GrabReply>? onOk = null,
        int? maxInFlight = null,
        CancellationToken stopSending = default)
    {
        using var gate = new SemaphoreSlim(maxInFlight ?? users.Count);
        var calls = new Task<GrabOutcome>[users.Count];
        for (var i = 0; i < users.Count; i++)
        {
            calls[i] = GrabOneAsync(shops[i % shops.Count], dropId, users[i], callTimeout, onOk, gate, stopSending);
        }

        return await Task.WhenAll(calls).WithTimeout(callTimeout * 2 + TimeSpan.FromSeconds(15));
    }

    public static async Task<List<Order>> OrdersAsync(AdminClient admin, string dropId) =>
        [.. (await admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout()).Orders];

    public static Task<DropStatus> StatusAsync(AdminClient admin, string dropId) =>
        admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = dropId }).WithTimeout();

    /// <summary>Orders that hold units: what sold + reserved must add up to.</summary>
    public static int HeldUnits(IEnumerable<Order> orders) =>
        orders.Where(o => o.State is OrderState.PendingPayment or OrderState.Paid).Sum(o => o.Quantity);

    /// <summary>Polls the drop's status until <paramref name="done"/> holds or <paramref name="timeout"/> passes;
    /// returns the last status either way (the caller asserts on it).</summary>
    public static async Task<DropStatus> PollStatusAsync(AdminClient admin, string dropId, Func<DropStatus, bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var status = await StatusAsync(admin, dropId);
        while (!done(status) && DateTime.UtcNow < until)
        {
            await Task.Delay(500);
            status = await StatusAsync(admin, dropId);
        }

        return status;
    }

    /// <summary>A one-line summary of failures by status, for assertion messages.</summary>
    public static string Describe(IEnumerable<GrabOutcome> outcomes) =>
        string.Join(", ", outcomes
            .GroupBy(o => o.Error is { } e ? e.StatusCode.ToString() : o.Reply?.Result.ToString() ?? "NotSent")
            .Select(g => $"{g.Key}={g.Count()}"));

    private static async Task<GrabOutcome> GrabOneAsync(
        ShopClient shop, string dropId, string userId, TimeSpan callTimeout, Action<GrabReply>? onOk, SemaphoreSlim gate, CancellationToken stopSending)
    {
        await gate.WaitAsync();
        try
        {
            if (stopSending.IsCancellationRequested)
            {
                return new GrabOutcome(userId, null, null);
            }

            var reply = await shop.GrabAsync(dropId, userId, options: FlashSaleCallOptions.WithTimeout(callTimeout));
            if (reply.Result == ResultCode.Ok)
            {
                onOk?.Invoke(reply);
            }

            return new GrabOutcome(userId, reply, null);
        }
        catch (RpcException error)
        {
            return new GrabOutcome(userId, null, error);
        }
        finally
        {
            gate.Release();
        }
    }
}
