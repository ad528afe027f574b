using FlashSale.Silo.AntiAbuse;
using FlashSale.Storage.Domain;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.AntiAbuse;

/// <summary>The rules without a server: address parsing, the cached blocklist and the in-process
/// rapid-grab counter on a fake clock.</summary>
public sealed class AntiAbuseRuleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("10.0.0.7", "10.0.0.7")]
    [InlineData("::ffff:10.0.0.7", "10.0.0.7")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("2001:DB8::/32", "2001:db8::/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Canonical_ValidAddressOrRange_IsNormalized(string text, string expected) =>
        Assert.Equal(expected, BlockedAddress.Canonical(text, out _));

    [Theory]
    [InlineData("", "is required")]
    [InlineData("10.1", "is not an IPv4")]
    [InlineData("example.com", "is not an IPv4")]
    [InlineData("10.0.0.1/8", "has bits set")]
    [InlineData("10.0.0.0/33", "is not an IPv4")]
    [InlineData("10.0.0.0/-1", "is not an IPv4")]
    [InlineData("fe80::1%eth0", "is not an IPv4")]
    public void Canonical_Invalid_SaysWhy(string text, string error)
    {
        Assert.Null(BlockedAddress.Canonical(text, out var message));
        Assert.StartsWith(error, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_UsersAddressesAndRanges_RejectWithTheirReason_AndLaterVersionsWin()
    {
        // Arrange
        var blocklist = new Blocklist();
        var resolved = new int[1];
        string? Match(string user, string address) => blocklist.Match(user, (address, resolved), static s => { s.resolved[0]++; return s.address; });

        // Act + assert: nothing blocked, so the address is never even resolved.
        Assert.Null(Match("alice", "10.1.2.3"));
        Assert.Equal(0, resolved[0]);
        blocklist.Apply([Row(BlockRow.UserKind, "alice", true, 1), Row(BlockRow.AddressKind, "10.0.0.0/8", true, 2), Row(BlockRow.AddressKind, "192.0.2.9", true, 3)]);
        Assert.Equal(RejectionReasons.UserBlocked, Match("alice", "8.8.8.8"));
        Assert.Equal(RejectionReasons.AddressBlocked, Match("bob", "10.200.0.1"));
        Assert.Equal(RejectionReasons.AddressBlocked, Match("bob", "::ffff:192.0.2.9"));
        Assert.Null(Match("bob", "11.0.0.1"));
        Assert.Null(Match("bob", "not an address"));

        // An older row arriving late (a refresh racing a local change) does not undo the newer one.
        blocklist.Apply([Row(BlockRow.UserKind, "alice", false, 4)]);
        blocklist.Apply([Row(BlockRow.UserKind, "alice", true, 1)]);
        Assert.Null(Match("alice", "8.8.8.8"));
        Assert.Equal((4L, 2), (blocklist.Version, blocklist.Count));
    }

    [Fact]
    public void RapidGrab_MoreDistinctDropsThanAllowed_IsRejectedUntilTheOldestLeavesTheWindow()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var counter = new InProcessRapidGrabCounter(time);

        // Act
        var first = counter.TryGrab("bot", "d1", 2, Window);
        time.Advance(TimeSpan.FromSeconds(10));
        var second = counter.TryGrab("bot", "d2", 2, Window);
        var repeat = counter.TryGrab("bot", "d1", 2, Window); // same drop again: not a new one
        var third = counter.TryGrab("bot", "d3", 2, Window);
        var other = counter.TryGrab("human", "d3", 2, Window);
        time.Advance(TimeSpan.FromSeconds(51)); // d1 was refreshed at 10 s: it leaves at 70 s
        var stillTooMany = counter.TryGrab("bot", "d3", 2, Window);
        time.Advance(TimeSpan.FromSeconds(9));
        var later = counter.TryGrab("bot", "d3", 2, Window);

        // Assert
        Assert.Equal(TimeSpan.Zero, first);
        Assert.Equal(TimeSpan.Zero, second);
        Assert.Equal(TimeSpan.Zero, repeat);
        Assert.Equal(TimeSpan.FromSeconds(60), third);
        Assert.Equal(TimeSpan.Zero, other);
        Assert.Equal(TimeSpan.FromSeconds(9), stillTooMany);
        Assert.Equal(TimeSpan.Zero, later);
    }

    [Fact]
    public void RapidGrab_UsersIdleForAWindow_AreForgotten()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var counter = new InProcessRapidGrabCounter(time);
        for (var i = 0; i < 100; i++)
        {
            counter.TryGrab("user-" + i, "d1", 3, Window);
        }

        // Act
        time.Advance(Window + TimeSpan.FromSeconds(1));
        counter.TryGrab("late", "d1", 3, Window);

        // Assert
        Assert.Equal(1, counter.Count);
    }

    private static BlockRow Row(string kind, string value, bool active, long version) =>
        new() { Kind = kind, Value = value, Active = active, Version = version };
}
