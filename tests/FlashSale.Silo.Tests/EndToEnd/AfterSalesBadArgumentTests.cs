using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class AfterSalesBadArgumentTests
{
    [Fact]
    public async Task NewCalls_WithBadFields_AreInvalidArgumentNamingTheFieldAndSiloKeepsServing()
    {
        // Arrange: the generated clients, so no field is filled in on the way.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var roomId = await silo.CreateLiveRoomAsync();
        var shop = silo.Shop.Generated;
        var admin = silo.Admin;
        StartEnvelopeRainRequest Rain(Action<StartEnvelopeRainRequest> change)
        {
            var request = new StartEnvelopeRainRequest { RainId = "r1", RoomId = roomId, TotalAmount = 1_000, Count = 10, DurationSeconds = 60 };
            change(request);
            return request;
        }

        var cases = new (string Field, Func<Task> Call)[]
        {
            ("order_id", () => shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = "", UserId = "u1", IdempotencyKey = "k" }).ResponseAsync),
            ("order_id", () => shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = "drop-1", UserId = "u1", IdempotencyKey = "k" }).ResponseAsync),
            ("user_id", () => shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = "drop-1/1", UserId = "", IdempotencyKey = "k" }).ResponseAsync),
            ("idempotency_key", () => shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = "drop-1/1", UserId = "u1" }).ResponseAsync),
            ("rain_id", () => shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "", UserId = "u1", IdempotencyKey = "k" }).ResponseAsync),
            ("rain_id", () => shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "no spaces", UserId = "u1", IdempotencyKey = "k" }).ResponseAsync),
            ("user_id", () => shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "r1", UserId = "", IdempotencyKey = "k" }).ResponseAsync),
            ("password", () => shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "r1", UserId = "u1", Password = new string('x', 65), IdempotencyKey = "k" }).ResponseAsync),
            ("idempotency_key", () => shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "r1", UserId = "u1" }).ResponseAsync),
            ("drop_id", () => admin.PauseDropAsync(new PauseDropRequest { DropId = "" })),
            ("reason", () => admin.PauseDropAsync(new PauseDropRequest { DropId = "d1", Reason = new string('x', 201) })),
            ("drop_id", () => admin.ResumeDropAsync(new ResumeDropRequest { DropId = "a/b" })),
            ("rain_id", () => admin.StartEnvelopeRainAsync(Rain(r => r.RainId = ""))),
            ("room_id", () => admin.StartEnvelopeRainAsync(Rain(r => r.RoomId = ""))),
            ("count", () => admin.StartEnvelopeRainAsync(Rain(r => r.Count = 0))),
            ("count", () => admin.StartEnvelopeRainAsync(Rain(r => r.Count = 10_001))),
            ("total_amount", () => admin.StartEnvelopeRainAsync(Rain(r => r.TotalAmount = 9))),
            ("total_amount", () => admin.StartEnvelopeRainAsync(Rain(r => r.TotalAmount = -1))),
            ("duration_seconds", () => admin.StartEnvelopeRainAsync(Rain(r => r.DurationSeconds = 0))),
            ("duration_seconds", () => admin.StartEnvelopeRainAsync(Rain(r => r.DurationSeconds = 86_401))),
            ("starts_at", () => admin.StartEnvelopeRainAsync(Rain(r => r.StartsAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = -5 }))),
            ("password", () => admin.StartEnvelopeRainAsync(Rain(r => r.Password = new string('x', 65)))),
            ("rain_id", () => admin.GetEnvelopeRainStatusAsync(new GetEnvelopeRainStatusRequest { RainId = "" })),
        };

        // Act + assert
        foreach (var (field, call) in cases)
        {
            var error = await AssertStatusAsync(StatusCode.InvalidArgument, call);
            Assert.StartsWith(field + " ", error.Status.Detail, StringComparison.Ordinal);
        }

        await AssertStatusAsync(StatusCode.NotFound, () => admin.PauseDropAsync(new PauseDropRequest { DropId = "no-drop" }));
        await AssertStatusAsync(StatusCode.NotFound, () => silo.Shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = "no-drop/1", UserId = "u1" }));
        var started = await admin.StartEnvelopeRainAsync(Rain(_ => { })).WithTimeout();
        Assert.Equal(ResultCode.Ok, started.Result);
        Assert.Equal(ResultCode.Ok, (await silo.Shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "r1", UserId = "u1" }).WithTimeout()).Result);
    }
}
