using FlashSale.Silo.Dashboard;
using FlashSale.Silo.Services;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Monitoring;

public sealed class OperatorAccessTests
{
    [Fact]
    public void Session_IsValidUntilItExpiresAndOnlyUnderItsToken()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var access = new OperatorAccess(new AdminAuthorizer("token-one-0123456789"), time);
        var other = new OperatorAccess(new AdminAuthorizer("token-two-0123456789"), time);
        var session = access.NewSession(time.GetUtcNow() + OperatorAccess.SessionLifetime);

        // Act + assert
        Assert.True(access.IsValidSession(session));
        Assert.False(other.IsValidSession(session));
        Assert.DoesNotContain("token-one", session, StringComparison.Ordinal);
        var (expiry, mac) = (session[..session.IndexOf('.', StringComparison.Ordinal)], session[(session.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        Assert.False(access.IsValidSession((long.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture) + 3600) + "." + mac));
        Assert.False(access.IsValidSession("garbage"));
        time.Advance(OperatorAccess.SessionLifetime);
        Assert.False(access.IsValidSession(session));
    }

    [Fact]
    public void Accepts_OnlyTheAdminToken()
    {
        var access = new OperatorAccess(new AdminAuthorizer("token-one-0123456789"), new FakeTimeProvider());

        Assert.True(access.Accepts(" token-one-0123456789 "));
        Assert.False(access.Accepts("token-one"));
        Assert.False(access.Accepts(""));
        Assert.False(access.Accepts(null));
    }
}
