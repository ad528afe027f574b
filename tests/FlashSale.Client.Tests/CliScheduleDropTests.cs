using FlashSale.Api.V1;
using FlashSale.Cli.Infrastructure;

namespace FlashSale.Client.Tests;

/// <summary>`flashsale admin schedule-drop --buckets`: the bucket count reaches the server.</summary>
public sealed class CliScheduleDropTests : IAsyncLifetime
{
    private readonly CliProcess _cli = new();
    private FakeSilo _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSilo.StartAsync();
        _cli.Environment["FLASHSALE_ADMIN_TOKEN"] = "t-" + Guid.NewGuid().ToString("N");
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(new string[0], 1)]
    [InlineData(new[] { "--buckets", "6" }, 6)]
    public async Task ScheduleDrop_Buckets_SendsTheBucketCount(string[] extra, int expected)
    {
        var (exit, output, _) = await _cli.RunAsync(
        [
            "admin", "schedule-drop", "d1", "--room", "r1", "--title", "Tea", "--price", "9900", "--qty", "600",
            .. extra, "--address", _server.Address.ToString(),
        ]);

        Assert.Equal(ExitCodes.Success, exit);
        var request = (ScheduleDropRequest)Assert.Single(_server.CallsOf("/flashsale.v1.Admin/ScheduleDrop")).Request;
        Assert.Equal(expected, request.BucketCount);
        Assert.Contains("SCHEDULED", output, StringComparison.Ordinal);
    }
}
