using FlashSale.Api.V1;
using FlashSale.Cli.Commands;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Client.Tests;

public sealed class CliAfterSalesFormattingTests
{
    [Fact]
    public void WatchFormat_RainStarted_SaysHowToClaim()
    {
        var rain = new EnvelopeRainStatus { RainId = "rain-1", RoomId = "r", TotalAmount = 8_888, Count = 10, State = EnvelopeRainState.Active, PasswordRequired = true };

        var line = WatchCommand.Format(new RoomEvent { RainStarted = new EnvelopeRainStarted { Rain = rain } }, []);

        Assert.Contains("RED ENVELOPE RAIN rain-1", line, StringComparison.Ordinal);
        Assert.Contains("¥88.88", line, StringComparison.Ordinal);
        Assert.Contains("password required", line, StringComparison.Ordinal);
        Assert.Contains("flashsale envelope rain-1", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WatchFormat_DropPausedAndResumed_NameTheDropAndReason()
    {
        var paused = WatchCommand.Format(new RoomEvent { DropPaused = new DropPaused { DropId = "d1", Reason = "refund-rate" } }, []);
        var resumed = WatchCommand.Format(new RoomEvent { DropResumed = new DropResumed { DropId = "d1" } }, []);

        Assert.Contains("drop d1 PAUSED (refund-rate)", paused, StringComparison.Ordinal);
        Assert.Contains("drop d1 resumed", resumed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ResultCode.ReturnWindowClosed, "return window")]
    [InlineData(ResultCode.DropPaused, "paused")]
    [InlineData(ResultCode.WrongPassword, "password")]
    [InlineData(ResultCode.EnvelopesGone, "every envelope")]
    public void Explain_NewResults_SaySomethingSpecific(ResultCode result, string expected)
    {
        Assert.Contains(expected, ResultText.Explain(result), StringComparison.Ordinal);
    }
}
