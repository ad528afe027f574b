using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Auth;
using FlashSale.Silo.Hosting;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.Auth;

/// <summary>Secure by default: with no key configured the silo generates one into the data folder,
/// owner-only, keeps it across restarts, and tokens minted from that file are accepted.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class KeyFileTests
{
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task NoKeyConfigured_GeneratesKeyFile600_TokensFromItWork_AndItSurvivesRestart()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { ConfigureSigningKey = false });
        var keyFile = Path.Combine(silo.DataDirectory, SigningKey.FileName);
        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);
        var keyBefore = File.ReadAllText(keyFile);
        var user = NewId("keyfile");

        using var channel = FlashSaleChannel.ForAddress(silo.GrpcAddress, new FlashSaleChannelOptions { ShopperTokenProvider = ShopperTokens.FromKeyFile(keyFile).For });
        var grab = await new ShopClient(channel).GrabAsync(new GrabRequest { DropId = dropId, UserId = user, Quantity = 1 }).WithTimeout();
        var runKeyRefused = await AssertStatusAsync(StatusCode.Unauthenticated, () => silo.Shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = user }));
        await silo.RestartAsync();
        using var again = FlashSaleChannel.ForAddress(silo.GrpcAddress, new FlashSaleChannelOptions { ShopperTokenProvider = ShopperTokens.FromKeyFile(keyFile).For });
        var wallet = await new ShopClient(again).GetMyWalletAsync(new GetMyWalletRequest { UserId = user }).WithTimeout();

        Assert.Equal(ResultCode.Ok, grab.Result);
        Assert.NotNull(runKeyRefused);
        Assert.Equal(keyBefore, File.ReadAllText(keyFile));
        Assert.Equal(32, Convert.FromBase64String(keyBefore).Length);
        Assert.Equal(user, wallet.UserId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Mode600, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public void SigningKey_TooShortOrNotBase64_IsRefusedAtStart()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);

        var tooShort = Assert.Throws<InvalidOperationException>(() => SigningKey.Resolve(new SiloOptions { Auth = { SigningKey = shortKey } }, out _));
        var notBase64 = Assert.Throws<InvalidOperationException>(() => SigningKey.Resolve(new SiloOptions { Auth = { SigningKey = "not base64!" } }, out _));

        Assert.Contains("256", tooShort.Message, StringComparison.Ordinal);
        Assert.Contains("base64", notBase64.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OperatorToken_Generated_Is600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TempDirectory("flashsale-ops-token");

        var token = OperatorToken.Resolve(new SiloOptions { DataDirectory = data.Path }, out var generatedAt);

        Assert.NotNull(generatedAt);
        Assert.Equal(token, File.ReadAllText(generatedAt));
        Assert.Equal(Mode600, File.GetUnixFileMode(generatedAt));
    }
}
