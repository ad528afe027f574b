using FlashSale.Testing;

namespace FlashSale.Grains.Tests;

public sealed class GrainReferencesTests
{
    [Fact]
    public async Task Resolve_FirstAndLaterCalls_GiveTheReferenceGetGrainGives()
    {
        await using var host = await GrainTestHost.StartAsync();

        foreach (var key in new[] { "d1", "d1", "drop with spaces", "ünïcode-☃" })
        {
            AssertSameReference(host.Grains.GetGrain<IDropGrain>(key), host.Grains.Resolve<IDropGrain>(key));
            AssertSameReference(host.Grains.GetGrain<IWalletGrain>(key), host.Grains.Resolve<IWalletGrain>(key));
        }
    }

    [Fact]
    public async Task Resolve_ReferenceFromTheCache_ReachesTheGrain()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("learn");
        _ = host.Grains.Resolve<IDropGrain>("learn");

        var status = await host.Grains.Resolve<IDropGrain>("cached").GetStatus(new Google.Protobuf.WellKnownTypes.Empty()).WithTimeout();
        await host.ScheduleDropAsync("cached", quantity: 7);
        var scheduled = await host.Grains.Resolve<IDropGrain>("cached").GetStatus(new Google.Protobuf.WellKnownTypes.Empty()).WithTimeout();

        Assert.Equal(0, status.Remaining);
        Assert.Equal("cached", scheduled.DropId);
        Assert.Equal(7, scheduled.Remaining);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Resolve_BlankKey_Throws(string key)
    {
        await using var host = await GrainTestHost.StartAsync();

        Assert.ThrowsAny<ArgumentException>(() => host.Grains.Resolve<IDropGrain>(key));
    }

    private static void AssertSameReference(IAddressable expected, IAddressable actual)
    {
        var want = (GrainReference)expected;
        var got = (GrainReference)actual;
        Assert.Equal(want.GrainId, got.GrainId);
        Assert.Equal(want.InterfaceType, got.InterfaceType);
        Assert.Equal(expected.GetType(), actual.GetType());
    }
}
