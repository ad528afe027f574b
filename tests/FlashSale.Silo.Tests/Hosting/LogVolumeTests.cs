using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Hosting;

/// <summary>The silo's console stays quiet per request and per activation at its default levels:
/// Orleans places every new activation through a Polly pipeline whose telemetry logs two
/// Information lines each time, which during a spike (one shopper and one wallet activation per
/// viewer) would flood the console.</summary>
public sealed class LogVolumeTests
{
    [Fact]
    public async Task NewActivations_AtDefaultLogLevels_LogNoLinePerPlacementOrRequest()
    {
        using var data = new TempDirectory("flashsale-logs");
        await using var silo = await SiloProcess.StartHealthyAsync(data.Path, "logs-" + Guid.NewGuid().ToString("N"));
        using var channel = silo.CreateChannel();
        var shop = new ShopClient(channel);
        const int Users = 40;

        for (var i = 0; i < Users; i++)
        {
            var wallet = await shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = $"quiet-{i}" }).WithTimeout();
            Assert.Equal(0, wallet.Balance);
        }

        var output = silo.Output;
        Assert.DoesNotContain("Resilience pipeline executed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Execution attempt", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", output, StringComparison.Ordinal);
        Assert.True(output.Split('\n').Length < Users, $"{output.Split('\n').Length} console lines for {Users} new shoppers:\n{output}");
    }
}
