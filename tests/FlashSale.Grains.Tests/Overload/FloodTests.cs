using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Orleans.Configuration;

namespace FlashSale.Grains.Tests.Overload;

/// <summary>A flooded grain fails fast (DESIGN: Orleans' per-activation request limit, which the
/// silo maps to RESOURCE_EXHAUSTED) instead of queueing without bound.</summary>
public sealed class FloodTests
{
    private const int HardLimit = 20;

    [Fact]
    public async Task Grab_FloodBeyondTheHardLimit_IsRejectedAtOnceWithLimitExceeded()
    {
        await using var host = await GrainTestHost.StartAsync(configure: silo =>
            silo.Configure<SiloMessagingOptions>(o => o.MaxEnqueuedRequestsHardLimit = HardLimit));
        await host.ScheduleDropAsync("flood", quantity: 1_000);
        var drop = host.Drop("flood");

        // Hold the drop's write: every admitted grab stays in flight, so the flood piles up. At
        // most the limit's worth of requests wait at the activation, plus the one whose write is held.
        const int MostAdmitted = HardLimit + 1;
        host.Storage.CloseGate();
        List<Task<Outcome>> grabs;
        try
        {
            grabs = Enumerable.Range(0, 200).Select(i => Task.Run(() => GrabOrRejectionAsync(drop, i))).ToList();
            await host.Storage.WriteHeld.WithTimeout();
            var deadline = DateTime.UtcNow + TestTimeouts.Default;
            while (grabs.Count(g => g.IsCompleted) < grabs.Count - MostAdmitted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            // Everything beyond the limit was answered while the write was still held: fast rejections.
            var answeredWhileHeld = grabs.Where(g => g.IsCompleted).Select(g => g.Result).ToList();
            Assert.True(answeredWhileHeld.Count >= grabs.Count - MostAdmitted, $"{answeredWhileHeld.Count} answered while the write was held");
            Assert.All(answeredWhileHeld, outcome => Assert.Equal(Outcome.LimitExceeded, outcome));
        }
        finally
        {
            host.Storage.OpenGate();
        }

        var outcomes = await Task.WhenAll(grabs).WithTimeout();
        var admitted = outcomes.Count(o => o == Outcome.Ok);
        Assert.InRange(admitted, 1, MostAdmitted);
        Assert.Equal(grabs.Count, admitted + outcomes.Count(o => o == Outcome.LimitExceeded));
        var status = await drop.GetStatus(new Empty()).WithTimeout();
        Assert.Equal(admitted, status.Reserved);
    }

    private static async Task<Outcome> GrabOrRejectionAsync(IDropGrain drop, int i)
    {
        try
        {
            var reply = await drop.Grab(new DropGrab { UserId = $"u{i}", Quantity = 1, IdempotencyKey = $"k{i}" });
            return reply.Result == ResultCode.Ok ? Outcome.Ok : Outcome.Other;
        }
        catch (LimitExceededException)
        {
            return Outcome.LimitExceeded;
        }
    }

    private enum Outcome
    {
        Ok,
        LimitExceeded,
        Other,
    }
}
