using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.AntiAbuse;

/// <summary>Steps shared by the anti-abuse tests.</summary>
internal static class AbuseScenario
{
    /// <summary>Asserts a rejection with <paramref name="code"/> and the reason trailer <paramref name="reason"/>.</summary>
    public static async Task<RpcException> AssertRejectedAsync(StatusCode code, string reason, Func<Task> call)
    {
        var error = await AssertStatusAsync(code, call);
        Assert.Equal(reason, error.RejectReason());
        Assert.StartsWith("rejected: " + reason, error.Status.Detail, StringComparison.Ordinal);
        return error;
    }

    public static async Task BlockUserAsync(this TestSilo silo, string userId, string reason = "test")
    {
        var reply = await silo.Admin.BlockUserAsync(new BlockUserRequest { UserId = userId, Reason = reason }).WithTimeout();
        Assert.Equal(userId, reply.Entry.Value);
    }

    /// <summary>Polls ListRejections until <paramref name="done"/> holds for the first page (the
    /// audit is written in batches off the call path).</summary>
    public static async Task<ListRejectionsReply> WaitForRejectionsAsync(this TestSilo silo, ListRejectionsRequest request, Func<ListRejectionsReply, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var reply = await silo.Admin.ListRejectionsAsync(request).WithTimeout();
            if (done(reply) || DateTime.UtcNow > until)
            {
                return reply;
            }

            await Task.Delay(100);
        }
    }
}
