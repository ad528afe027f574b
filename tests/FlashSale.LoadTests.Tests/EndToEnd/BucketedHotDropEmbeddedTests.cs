using System.Text.Json;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Engine;

namespace FlashSale.LoadTests.Tests.EndToEnd;

/// <summary>The runner's --buckets: its hot drop is split into bucket grains, and the audit (which
/// reads the drop through the admin API) still sees one drop that sold out exactly.</summary>
public sealed class BucketedHotDropEmbeddedTests : IDisposable
{
    private readonly string _reports = Path.Combine(Path.GetTempPath(), "flashsale-lt-buckets-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Parse_Buckets_SetsTheBucketCountAndRefusesOutOfRange()
    {
        Assert.Equal(6, LoadCommand.Parse(["hot-drop", "--embedded", "--buckets", "6"]).Buckets);
        Assert.Equal(1, LoadCommand.Parse(["hot-drop", "--embedded"]).Buckets);
        var error = Assert.Throws<UsageException>(() => LoadCommand.Parse(["hot-drop", "--embedded", "--buckets", "65"]));
        Assert.Contains("--buckets", error.Message, StringComparison.Ordinal);
        Assert.Contains("--buckets", LoadCommand.HelpText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HotDropOnSixBuckets_SellsOutExactlyWithACleanAudit()
    {
        var options = LoadCommand.Parse(
        [
            "hot-drop", "--embedded", "--storage", "sqlite", "--duration", "3s", "--stock", "200", "--users", "1000",
            "--concurrency", "32", "--buckets", "6", "--report", _reports, "--plain",
        ]);
        using var log = new StringWriter();

        var exit = await new LoadRunner(options, log).RunAsync(CancellationToken.None).WithTimeout(TimeSpan.FromMinutes(3));

        Assert.True(exit == ExitCodes.Passed, log.ToString());
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(200, root.GetProperty("quantity").GetInt32());
        Assert.Equal(200, root.GetProperty("sold").GetInt32() + root.GetProperty("reserved").GetInt32());
        Assert.Equal(0, root.GetProperty("oversold").GetInt32());
        Assert.Equal(0, root.GetProperty("lost_acks").GetInt32());
        Assert.Equal(0, root.GetProperty("per_user_limit_violations").GetInt32());
        Assert.Equal(root.GetProperty("acked_orders").GetInt32(), root.GetProperty("stored_orders").GetInt32());
        Assert.True(root.GetProperty("audit").GetProperty("passed").GetBoolean());
    }

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }
}
