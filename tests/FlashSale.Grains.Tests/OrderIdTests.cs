namespace FlashSale.Grains.Tests;

public sealed class OrderIdTests
{
    [Fact]
    public void TryParse_FormattedId_ReturnsDropAndSequence()
    {
        var id = OrderId.Format("spring-tea.2026", 42);

        Assert.True(OrderId.TryParse(id, out var dropId, out var sequence));
        Assert.Equal(("spring-tea.2026", 42L), (dropId, sequence));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d1")]
    [InlineData("/7")]
    [InlineData("d1/")]
    [InlineData("d1/x")]
    [InlineData("a/b/7")]
    [InlineData("d1/-7")]
    public void TryParse_Malformed_ReturnsFalse(string id) => Assert.False(OrderId.TryParse(id, out _, out _));
}
