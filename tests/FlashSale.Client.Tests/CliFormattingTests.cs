using FlashSale.Api.V1;
using FlashSale.Cli.Commands;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Client.Tests;

public sealed class CliFormattingTests
{
    [Theory]
    [InlineData(1990, "¥19.90")]
    [InlineData(5, "¥0.05")]
    [InlineData(0, "¥0.00")]
    [InlineData(-250, "-¥2.50")]
    [InlineData(123456789, "¥1234567.89")]
    public void Money_Fen_PrintsYuanWithTwoDecimals(long fen, string expected)
    {
        Assert.Equal(expected, Output.Money(fen));
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("300", 300_000)]
    [InlineData("500ms", 500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    public void DurationsParse_ValidText_ReturnsSpan(string text, long expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Durations.Parse(text, "--x"));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5y")]
    [InlineData("-3s")]
    public void DurationsParse_BadText_ThrowsUsageError(string text)
    {
        Assert.Throws<CliUsageException>(() => Durations.Parse(text, "--x"));
    }

    [Fact]
    public void Name_ResultCode_UsesProtoSpelling()
    {
        Assert.Equal("SOLD_OUT", Output.Name(ResultCode.SoldOut));
        Assert.Equal("PENDING_PAYMENT", Output.Name(OrderState.PendingPayment));
    }

    [Fact]
    public void WatchFormat_Countdown_SaysOpensIn()
    {
        var e = new RoomEvent { RoomId = "r", Countdown = new Countdown { DropId = "d1", SecondsLeft = 5 } };

        var line = WatchCommand.Format(e, []);

        Assert.Contains("drop d1 opens in 5s", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WatchFormat_StockLevel_DrawsBarAgainstKnownQuantity()
    {
        var quantities = new Dictionary<string, int> { ["d1"] = 100 };
        var e = new RoomEvent { RoomId = "r", StockLevel = new StockLevel { DropId = "d1", Remaining = 50, Sold = 40, Reserved = 10 } };

        var line = WatchCommand.Format(e, quantities);

        Assert.Contains("[#####-----] 50/100 left", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WatchFormat_SoldOut_SaysSoldOut()
    {
        var line = WatchCommand.Format(new RoomEvent { SoldOut = new SoldOut { DropId = "d9" } }, []);

        Assert.Contains("drop d9 SOLD OUT", line, StringComparison.Ordinal);
    }
}
