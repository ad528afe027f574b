using System.Collections.Concurrent;
using CsCheck;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Fuzz;

/// <summary>
/// Drives random and mutated gRPC requests and raw HTTP/2 frames (<see cref="FuzzCases"/>) at a real
/// silo process for a bounded time. The process must stay alive, answer every input with a valid
/// gRPC status or a proper HTTP/2 error (<see cref="FuzzCaller"/>), hold its memory, threads and
/// open files within bounds afterwards, and still sell: a normal grab succeeds at the end.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GrpcFuzzTests(ITestOutputHelper output)
{
    private const int FuzzSeconds = 20;
    private const int Threads = 4;

    [Fact]
    public async Task Silo_UnderRandomAndMutatedGrpcInput_StaysUpAnswersValidlyAndKeepsSelling()
    {
        // Arrange: a real silo process (so a crash shows), a live drop the inputs aim at, and a
        // baseline of the process's vitals after some normal traffic.
        using var data = new TempDirectory("flashsale-fuzz");
        var token = "fuzz-" + Guid.NewGuid().ToString("N");
        await using var silo = await SiloProcess.StartHealthyAsync(data.Path, token, ["--storage", "sqlite", "--rate-limit", "off"]);
        using var channel = silo.CreateChannel();
        var target = await SetUpAsync(new AdminClient(channel), token);
        var shop = new ShopClient(channel);
        for (var i = 0; i < 20; i++)
        {
            await shop.GetRoomAsync(new GetRoomRequest { RoomId = target.RoomId }).WithTimeout();
        }

        var before = ProcessVitals.Of(silo.Pid);
        using var caller = new FuzzCaller(silo.GrpcAddress);
        var failures = new ConcurrentQueue<string>();
        var sent = 0L;

        // Act: CsCheck samples inputs on several threads for the time given; an assertion failure
        // makes it shrink towards the smallest failing input and report it with its seed.
        await FuzzCases.Any(target).SampleAsync(
            async input =>
            {
                Interlocked.Increment(ref sent);
                var failure = await caller.SendAsync(input);
                Assert.False(silo.HasExited, $"the silo exited after {input}");
                if (failure is not null)
                {
                    failures.Enqueue($"{failure}: {input}");
                    Assert.Fail($"{failure}: {input}");
                }
            },
            writeLine: output.WriteLine,
            iter: 10_000_000,
            time: FuzzSeconds,
            threads: Threads);

        // Assert: alive, bounded, still selling.
        Assert.False(silo.HasExited, "the silo exited:\n" + silo.Output);
        Assert.Empty(failures);
        await Task.Delay(TimeSpan.FromSeconds(3)); // let aborted streams and connections wind down
        var after = ProcessVitals.Of(silo.Pid);
        output.WriteLine($"{Interlocked.Read(ref sent)} inputs ({caller.Outcomes}); before: {before}; after: {after}");
        Assert.True(Interlocked.Read(ref sent) > 200, $"only {sent} inputs were sent in {FuzzSeconds} s");
        Assert.True(after.ResidentBytes < before.ResidentBytes + (384L << 20), $"memory grew from {before} to {after}");
        Assert.True(after.Threads < before.Threads + 64, $"threads grew from {before} to {after}");
        Assert.True(after.OpenFiles < before.OpenFiles + 64, $"open files grew from {before} to {after}");
        var grab = await shop.GrabAsync(target.DropId, "after-fuzz").WithTimeout();
        Assert.Equal(ResultCode.Ok, grab.Result);
        Assert.Equal(ResultCode.Ok, (await shop.PayAsync(grab.Order.OrderId, "after-fuzz").WithTimeout()).Result);
    }

    private static async Task<FuzzTarget> SetUpAsync(AdminClient admin, string token)
    {
        var target = new FuzzTarget("fuzz-room", "fuzz-drop", "fuzz-user", token);
        await admin.CreateRoomAsync(new CreateRoomRequest { RoomId = target.RoomId, Title = "fuzz" }).WithTimeout();
        await admin.StartRoomAsync(new RoomCommand { RoomId = target.RoomId }).WithTimeout();
        await admin.ScheduleDropAsync(new ScheduleDropRequest
        {
            DropId = target.DropId,
            RoomId = target.RoomId,
            Title = "fuzz sneakers",
            UnitPrice = 100,
            Quantity = 1_000_000,
            PerUserLimit = 1_000,
            OpensAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1)),
        }).WithTimeout();
        foreach (var user in new[] { target.UserId, "after-fuzz" })
        {
            await admin.CreditWalletAsync(new CreditWalletRequest { UserId = user, Amount = 1_000_000, IdempotencyKey = "fuzz-credit-" + user }).WithTimeout();
        }

        return target;
    }
}
