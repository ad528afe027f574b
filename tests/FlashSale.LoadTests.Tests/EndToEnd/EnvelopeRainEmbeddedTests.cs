using System.Text.Json;
using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Engine;

namespace FlashSale.LoadTests.Tests.EndToEnd;

/// <summary>The envelope-rain scenario against an in-process silo: more users than envelopes claim
/// over and over; every envelope goes, once each, and the audit is clean.</summary>
public sealed class EnvelopeRainEmbeddedTests : IDisposable
{
    private readonly string _reports = Path.Combine(Path.GetTempPath(), "flashsale-lt-rain-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RunAsync_EnvelopeRainEmbedded_ClaimsEveryEnvelopeWithACleanAudit()
    {
        var options = LoadCommand.Parse(
        [
            "envelope-rain", "--embedded", "--storage", "sqlite", "--duration", "3s", "--stock", "300", "--users", "800",
            "--concurrency", "32", "--report", _reports, "--plain",
        ]);
        using var log = new StringWriter();

        var exit = await new LoadRunner(options, log).RunAsync(CancellationToken.None).WithTimeout(TimeSpan.FromMinutes(3));

        Assert.True(exit == ExitCodes.Passed, log.ToString());
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports, "summary.json")));
        var audit = summary.RootElement.GetProperty("audit");
        Assert.True(audit.GetProperty("passed").GetBoolean());
        var rain = audit.GetProperty("rains")[0];
        Assert.Equal(300, rain.GetProperty("claimed").GetInt32());
        Assert.Equal(300 * 500L, rain.GetProperty("claimed_amount").GetInt64());
        Assert.Equal(300 * 500L, rain.GetProperty("credited").GetInt64());
        Assert.Equal(300, rain.GetProperty("acked_claims").GetInt32());
    }

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }
}
