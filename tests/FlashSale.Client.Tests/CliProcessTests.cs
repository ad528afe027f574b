using System.Net;
using System.Net.Sockets;
using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Client.Tests;

/// <summary>The CLI as a user runs it: a separate process with its own environment.</summary>
public sealed class CliProcessTests : IAsyncLifetime
{
    private readonly string _envToken = "env-token-" + Guid.NewGuid().ToString("N");
    private readonly string _fileToken = "file-token-" + Guid.NewGuid().ToString("N");
    private readonly CliProcess _cli = new();
    private FakeSilo _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSilo.StartAsync();
        _cli.Environment["FLASHSALE_ADMIN_TOKEN"] = _envToken;
        Directory.CreateDirectory(Path.Combine(_cli.WorkingDirectory, "data"));
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, GlobalOptions.AdminTokenFile), _fileToken);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("admin", "--help")]
    [InlineData("admin", "drop", "--help")]
    [InlineData("grab", "--help")]
    public async Task Help_WithTokenInEnvironmentAndFile_NeverShowsTheToken(params string[] args)
    {
        var (exit, output, error) = await _cli.RunAsync(args);

        Assert.Equal(0, exit);
        Assert.Contains("--admin-token", output, StringComparison.Ordinal);
        AssertNoToken(output + error);
    }

    [Fact]
    public async Task AdminVerb_ConnectionRefused_ReportsUnavailableWithoutTheToken()
    {
        var (exit, output, error) = await _cli.RunAsync("admin", "drop", "d1", "--address", $"http://127.0.0.1:{FreePort()}");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.StartsWith("error: UNAVAILABLE: ", error, StringComparison.Ordinal);
        AssertNoToken(output + error);
    }

    [Theory]
    [InlineData("admin", "drop")] // missing argument
    [InlineData("grab", "d1", "--qty", "many")] // malformed option
    [InlineData("no-such-verb")]
    public async Task BadArguments_WithTokenInEnvironment_ErrorOutputHasNoToken(params string[] args)
    {
        var (exit, output, error) = await _cli.RunAsync([.. args, "--address", _server.Address.ToString()]);

        Assert.NotEqual(0, exit);
        Assert.NotEqual(string.Empty, error);
        AssertNoToken(output + error);
    }

    [Fact]
    public async Task AdminVerb_TokenFromEnvironment_IsSentAsBearer()
    {
        // The lazily read token is still used: the fake echoes the authorization header as the drop's title.
        var (exit, output, _) = await _cli.RunAsync("admin", "drop", "d1", "--address", _server.Address.ToString());

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("Bearer " + _envToken, Assert.Single(_server.CallsOf("/flashsale.v1.Admin/GetDropStatus")).Header("authorization"));
        Assert.Contains("drop d1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminVerb_NoEnvironmentToken_FallsBackToTheTokenFile()
    {
        _cli.Environment.Remove("FLASHSALE_ADMIN_TOKEN");

        var (exit, _, _) = await _cli.RunAsync("admin", "drop", "d1", "--address", _server.Address.ToString());

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("Bearer " + _fileToken, Assert.Single(_server.CallsOf("/flashsale.v1.Admin/GetDropStatus")).Header("authorization"));
    }

    [Fact]
    public async Task Rooms_ListsEachRoomWithItsDropsAndTheirIds()
    {
        // Arrange: two rooms, the first with two drops, the second with none.
        var demo = new RoomStatus { RoomId = "demo-room", Title = "Demo", State = RoomState.Live };
        demo.Drops.Add(new DropStatus { DropId = "demo-room-d1", Title = "Tea", State = DropState.Scheduled, Quantity = 100, Remaining = 100, UnitPrice = 9900, PerUserLimit = 1 });
        demo.Drops.Add(new DropStatus { DropId = "demo-room-d2", Title = "Cups", State = DropState.Open, Quantity = 10, Remaining = 4, UnitPrice = 1990, PerUserLimit = 2 });
        var empty = new RoomStatus { RoomId = "quiet-room", Title = "Quiet", State = RoomState.Scheduled };
        _server.Shop.Rooms = new ListRoomsReply { Rooms = { demo, empty } };

        // Act
        var (exit, output, _) = await _cli.RunAsync("rooms", "--address", _server.Address.ToString());

        // Assert: each drop's line, with its id, follows its room's line.
        Assert.Equal(ExitCodes.Success, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("room demo-room ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("drop demo-room-d1 \"Tea\"", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("drop demo-room-d2 \"Cups\"", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("room quiet-room ", lines[3], StringComparison.Ordinal);
    }

    private void AssertNoToken(string text)
    {
        Assert.DoesNotContain(_envToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_fileToken, text, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
