using FlashSale.Cli.Infrastructure;

namespace FlashSale.Client.Tests;

public sealed class CliExitCodeTests : IAsyncLifetime
{
    private FakeSilo _server = null!;

    public async Task InitializeAsync() => _server = await FakeSilo.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Grab_OkResult_ExitsZero()
    {
        var exit = await RunAsync("grab", "drop-1", "--user", "alice", "--qty", "2");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(2, ((Api.V1.GrabRequest)Assert.Single(_server.CallsOf("/flashsale.v1.Shop/Grab")).Request).Quantity);
    }

    [Fact]
    public async Task Grab_SoldOutResult_ExitsTwo()
    {
        var exit = await RunAsync("grab", "gone", "--user", "alice");

        Assert.Equal(ExitCodes.BusinessResult, exit);
    }

    [Fact]
    public async Task Room_GrpcNotFound_ExitsOne()
    {
        var exit = await RunAsync("room", "nope");

        Assert.Equal(ExitCodes.Error, exit);
    }

    [Fact]
    public async Task AdminDrop_WithToken_SendsBearerAndExitsZero()
    {
        var exit = await RunAsync("admin", "drop", "d1", "--admin-token", "t0k");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("Bearer t0k", Assert.Single(_server.CallsOf("/flashsale.v1.Admin/GetDropStatus")).Header("authorization"));
    }

    private Task<int> RunAsync(params string[] args) =>
        CliApp.BuildRoot().Parse([.. args, "--address", _server.Address.ToString(), "--timeout", "20s"]).InvokeAsync().WithTimeout();
}
