using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Silo.Tests.Auth;

/// <summary>One silo for the authentication tests, with an open drop and a coupon pool, and a
/// channel that adds no token of its own (each test sends the header it means to test).</summary>
public sealed class AuthSiloFixture : IAsyncLifetime
{
    internal TestSilo Silo { get; private set; } = null!;

    internal FlashSaleChannel Bare { get; private set; } = null!;

    public string RoomId { get; private set; } = "";

    public string DropId { get; private set; } = "";

    public string PoolId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        (RoomId, DropId) = await Silo.OpenDropAsync(quantity: 1_000, perUserLimit: 100);
        PoolId = SiloScenario.NewId("pool");
        await Silo.Admin.CreateCouponPoolAsync(new CreateCouponPoolRequest
        {
            PoolId = PoolId,
            Kind = CouponKind.AmountOff,
            AmountOff = 100,
            Total = 100,
            ValidFrom = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
            ValidUntil = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)),
        }).WithTimeout();
        Bare = FlashSaleChannel.ForAddress(Silo.GrpcAddress);
    }

    public async Task DisposeAsync()
    {
        Bare?.Dispose();
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }
}
