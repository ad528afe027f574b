using System.Text.Json;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Engine;

namespace FlashSale.LoadTests.Tests.EndToEnd;

/// <summary>many-drops against an in-process silo: every drop takes load and sells out exactly,
/// and the audit covers all of them.</summary>
public sealed class ManyDropsEmbeddedTests : IDisposable
{
    private readonly string _reports = Path.Combine(Path.GetTempPath(), "flashsale-lt-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RunAsync_ManyDropsEmbedded_SellsOutEveryDropWithACleanAudit()
    {
        var options = LoadCommand.Parse(
        [
            "many-drops", "--drops", "3", "--embedded", "--storage", "sqlite", "--duration", "3s", "--stock", "50", "--users", "1000",
            "--concurrency", "16", "--pay-share", "0", "--report", _reports, "--plain",
        ]);
        using var log = new StringWriter();

        var exit = await new LoadRunner(options, log).RunAsync(CancellationToken.None).WithTimeout(TimeSpan.FromMinutes(3));

        Assert.True(exit == ExitCodes.Passed, log.ToString());
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("many-drops", root.GetProperty("scenario").GetString());
        Assert.Equal(3 * 50, root.GetProperty("quantity").GetInt32());
        Assert.Equal(3 * 50, root.GetProperty("sold").GetInt32() + root.GetProperty("reserved").GetInt32());
        Assert.Equal(0, root.GetProperty("oversold").GetInt32());
        Assert.Equal(0, root.GetProperty("lost_acks").GetInt32());
        Assert.True(root.GetProperty("audit").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Parse_Drops_DefaultsToThirtyAndTakesTheSwitch()
    {
        Assert.Equal(30, LoadCommand.Parse(["many-drops", "--embedded"]).Drops);
        Assert.Equal(7, LoadCommand.Parse(["many-drops", "--embedded", "--drops", "7"]).Drops);
    }

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }
}
