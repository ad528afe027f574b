using System.Net;
using System.Net.Sockets;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Client.Tests;

/// <summary>The CLI's --address with a list of silos.</summary>
public sealed class CliAddressListTests : IAsyncLifetime
{
    private FakeSilo _server = null!;

    public async Task InitializeAsync() => _server = await FakeSilo.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rooms_ListWithADeadSilo_IsServedByTheLiveOne()
    {
        // Arrange: a loopback port nothing listens on, first in the list.
        var dead = $"http://127.0.0.1:{ClosedPort()}";

        // Act: several runs, so the round robin's random start picks the dead silo at least sometimes.
        var exits = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            exits.Add(await RunAsync("rooms", "--address", $"{dead},{_server.Address}"));
        }

        // Assert
        Assert.All(exits, e => Assert.Equal(ExitCodes.Success, e));
        Assert.Equal(4, _server.CallsOf("/flashsale.v1.Shop/ListRooms").Length);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1,https://127.0.0.1:2")]
    [InlineData("dns:///nohost")]
    [InlineData("not a url")]
    public async Task AnyVerb_BadAddressList_IsAUsageError(string address)
    {
        var exit = await RunAsync("rooms", "--address", address);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Empty(_server.CallsOf("/flashsale.v1.Shop/ListRooms"));
    }

    private static Task<int> RunAsync(params string[] args) =>
        CliApp.BuildRoot().Parse([.. args, "--timeout", "20s"]).InvokeAsync().WithTimeout();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
