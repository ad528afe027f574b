using System.Text.Json;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Engine;

namespace FlashSale.LoadTests.Tests.EndToEnd;

/// <summary>The whole runner against an in-process silo on loopback: a short hot drop must
/// sell out exactly, pass the audit and write a summary with the contract's fields.</summary>
public sealed class HotDropEmbeddedTests : IDisposable
{
    private static readonly string[] RequiredFields =
    [
        "scenario", "started_at", "duration_s", "requests", "ok", "rejected", "errors", "rps", "p50_ms", "p99_ms", "max_ms",
        "quantity", "sold", "reserved", "oversold", "acked_orders", "stored_orders", "lost_acks", "per_user_limit_violations",
    ];

    private readonly string _reports = Path.Combine(Path.GetTempPath(), "flashsale-lt-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RunAsync_HotDropEmbedded_SellsOutExactlyWithACleanAudit()
    {
        var options = LoadCommand.Parse(
        [
            "hot-drop", "--embedded", "--storage", "sqlite", "--duration", "3s", "--stock", "200", "--users", "1000",
            "--concurrency", "32", "--report", _reports, "--plain",
        ]);
        using var log = new StringWriter();

        var exit = await new LoadRunner(options, log).RunAsync(CancellationToken.None).WithTimeout(TimeSpan.FromMinutes(3));

        Assert.True(exit == ExitCodes.Passed, log.ToString());
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "summary.json")));
        var root = summary.RootElement;
        foreach (var field in RequiredFields)
        {
            Assert.True(root.TryGetProperty(field, out _), $"summary.json lacks {field}");
        }

        Assert.Equal("hot-drop", root.GetProperty("scenario").GetString());
        Assert.Equal(200, root.GetProperty("quantity").GetInt32());
        Assert.Equal(200, root.GetProperty("sold").GetInt32() + root.GetProperty("reserved").GetInt32());
        Assert.Equal(0, root.GetProperty("oversold").GetInt32());
        Assert.Equal(0, root.GetProperty("lost_acks").GetInt32());
        Assert.Equal(root.GetProperty("acked_orders").GetInt32(), root.GetProperty("stored_orders").GetInt32());
        Assert.True(root.GetProperty("audit").GetProperty("passed").GetBoolean());
        Assert.True(root.GetProperty("requests").GetInt64() > 0);
        foreach (var file in new[] { "report.md", "report.html", "report.csv" })
        {
            Assert.True(File.Exists(Path.Combine(_reports, file)), file);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }
}
