using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;
using FlashSale.Testing;

namespace FlashSale.Client.Tests;

/// <summary>Shopper tokens on the client side: what <see cref="ShopperTokens"/> mints and caches,
/// how a channel attaches them to Shop calls (and only there), and the CLI's --token /
/// --signing-key-file. The silo's acceptance of these tokens is tested in Silo.Tests (Auth/).</summary>
public sealed class ShopperTokenTests : IAsyncLifetime
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private FakeSilo _server = null!;

    public async Task InitializeAsync() => _server = await FakeSilo.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Mint_IsAnHs256JwtWithSubIssAudAndLifetime_SignedWithTheKey()
    {
        var tokens = new ShopperTokens(Key, lifetime: TimeSpan.FromMinutes(10));
        var issuedAt = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

        var parts = tokens.Mint("alice", issuedAt, tokens.Lifetime).Split('.');

        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        using var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("alice", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal("flashsale", payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal("flashsale", payload.RootElement.GetProperty("aud").GetString());
        Assert.Equal(issuedAt.AddMinutes(10).ToUnixTimeSeconds(), payload.RootElement.GetProperty("exp").GetInt64());
        var expected = HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(expected, System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]));
    }

    [Fact]
    public void For_KeepsTheTokenUntilAFifthOfItsLifetimeIsLeft_ThenMintsANewOne()
    {
        var time = new FakeTimeProvider();
        var tokens = new ShopperTokens(Key, lifetime: TimeSpan.FromMinutes(10), time: time);

        var first = tokens.For("alice");
        time.Advance(TimeSpan.FromMinutes(7));
        var cached = tokens.For("alice");
        var other = tokens.For("bob");
        time.Advance(TimeSpan.FromMinutes(2));
        var renewed = tokens.For("alice");

        Assert.Same(first, cached);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, renewed);
        Assert.Throws<ArgumentException>(() => new ShopperTokens(new byte[16]));
    }

    [Fact]
    public async Task Channel_WithProvider_SendsEachUsersToken_OnShopCallsOnly_AndKeepsAnExplicitHeader()
    {
        var tokens = new ShopperTokens(Key);
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { AdminToken = "adm", ShopperTokenProvider = tokens.For });
        var shop = new ShopClient(channel);

        await shop.GrabAsync("drop-1", "alice", quantity: 1, idempotencyKey: "k1").WithTimeout();
        await shop.GrabAsync("drop-1", "bob", quantity: 1, idempotencyKey: "k2").WithTimeout();
        await shop.GrabAsync(new GrabRequest { DropId = "drop-1", UserId = "carol", Quantity = 1, IdempotencyKey = "k3" },
            new FlashSaleCallOptions { Headers = [new("authorization", "Bearer own")] }).WithTimeout();
        await shop.ListRoomsAsync().WithTimeout();
        await new AdminClient(channel).GetDropStatusAsync(new GetDropStatusRequest { DropId = "d1" }).WithTimeout();

        var grabs = _server.CallsOf("/flashsale.v1.Shop/Grab");
        Assert.Equal("Bearer " + tokens.For("alice"), grabs.Single(c => ((GrabRequest)c.Request).UserId == "alice").Header("authorization"));
        Assert.Equal("Bearer " + tokens.For("bob"), grabs.Single(c => ((GrabRequest)c.Request).UserId == "bob").Header("authorization"));
        Assert.Equal("Bearer own", grabs.Single(c => ((GrabRequest)c.Request).UserId == "carol").Header("authorization"));
        Assert.Equal(string.Empty, Assert.Single(_server.CallsOf("/flashsale.v1.Shop/ListRooms")).Header("authorization"));
        Assert.Equal("Bearer adm", Assert.Single(_server.CallsOf("/flashsale.v1.Admin/GetDropStatus")).Header("authorization"));
    }

    [Fact]
    public async Task Cli_MintsTheUsersTokenFromTheKeyFile_OrSendsTokenAsGiven()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), "flashsale-key-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(Key));
        try
        {
            var mintedExit = await RunAsync("grab", "drop-1", "--user", "alice", "--signing-key-file", keyFile);
            var givenExit = await RunAsync("grab", "drop-1", "--user", "bob", "--token", "given.jwt.token");

            var grabs = _server.CallsOf("/flashsale.v1.Shop/Grab");
            var minted = grabs.Single(c => ((GrabRequest)c.Request).UserId == "alice").Header("authorization");
            var parts = minted["Bearer ".Length..].Split('.');
            using var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
            Assert.Equal(ExitCodes.Success, mintedExit);
            Assert.Equal("alice", payload.RootElement.GetProperty("sub").GetString());
            Assert.Equal(ExitCodes.Success, givenExit);
            Assert.Equal("Bearer given.jwt.token", grabs.Single(c => ((GrabRequest)c.Request).UserId == "bob").Header("authorization"));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private Task<int> RunAsync(params string[] args) =>
        CliApp.BuildRoot().Parse([.. args, "--address", _server.Address.ToString(), "--timeout", "20s"]).InvokeAsync().WithTimeout();
}
