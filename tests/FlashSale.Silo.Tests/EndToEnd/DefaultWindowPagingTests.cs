using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Grains;
using FlashSale.Silo.Tests.Crash;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>
/// Issue 11: a grpc-js client with default HTTP/2 settings once saw one <c>ListDropOrders</c> page in
/// about 2,500 never answer, right after a kill -9 restart on PostgreSQL. Here clients that advertise
/// the default 64 KB stream window (a Grpc.Net.Client channel over a default SocketsHttpHandler, and
/// Debian's python3-grpcio, half of its connections with the BDP probe off so their window stays at
/// 64 KB) page a PostgreSQL-backed silo process through pages of 80–450 KB, over kill -9 restarts.
/// Every page must answer within its deadline and every walk must return exactly the drop's orders.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class DefaultWindowPagingTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const string Python = "/usr/bin/python3";
    private const int Orders = 3_000;
    private const int Rounds = 4;
    private const int DotnetPagesPerRound = 1_250;
    private const int PythonPagesPerRound = 1_250;
    private const int DotnetPagers = 4;
    private const int PythonPagers = 4;
    private const int DefaultHttp2Window = 65_535;

    // Walks of 5, 3, 2 and 1 pages; the smallest page is past the 64 KB window.
    private static readonly int[] PageSizes = [600, 1_000, 1_500, 3_000];
    private static readonly TimeSpan PageDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(3);

    private readonly string _connectionString = postgres.Server.CreateUniqueDatabase();

    [Fact]
    public async Task DefaultWindowClients_PageAcrossKillDashNineRestarts_EveryPageAnswersAndEveryWalkIsTheDrop()
    {
        await RequireGrpcioAsync();
        using var data = new TempDirectory("flashsale-paging");
        var token = "paging-" + Guid.NewGuid().ToString("N");
        string[] storage = ["--storage", "postgres", "--postgres", _connectionString];

        // Arrange: a drop with Orders small orders, acknowledged (so durable), then kill -9.
        string dropId;
        await using (var filler = await SiloProcess.StartHealthyAsync(data.Path, token, storage))
        {
            var channels = Enumerable.Range(0, 4).Select(_ => filler.CreateChannel()).ToArray();
            try
            {
                dropId = await CrashDrive.OpenDropAsync(new AdminClient(channels[0]), Orders, paymentWindowSeconds: 3_600);
                var shops = channels.Select(c => new ShopClient(c)).ToArray();
                var grabs = await CrashDrive.GrabAllAsync(
                    shops, dropId, [.. Enumerable.Range(0, Orders).Select(i => "u" + i.ToString(CultureInfo.InvariantCulture))], TimeSpan.FromSeconds(30), maxInFlight: 100);
                Assert.True(grabs.All(g => g.IsOk), CrashDrive.Describe(grabs));
            }
            finally
            {
                foreach (var channel in channels)
                {
                    channel.Dispose();
                }
            }

            filler.KillHard();
        }

        var expected = Enumerable.Range(1, Orders).Select(i => OrderId.Format(dropId, i)).ToArray();
        var expectedDigest = Digest(expected);
        var total = new Totals();
        var clock = Stopwatch.StartNew();

        for (var round = 1; round <= Rounds; round++)
        {
            // Act: start on the same database and page at once, both clients side by side; then kill -9.
            await using var silo = await SiloProcess.StartHealthyAsync(data.Path, token, storage);
            var roundClock = Stopwatch.StartNew();
            var python = RunPythonPagerAsync(silo, dropId);
            var dotnet = RunDotnetPagersAsync(silo, dropId);
            var dotnetResult = await dotnet.WaitAsync(RoundTimeout);
            using var pythonResult = await python.WaitAsync(RoundTimeout);
            roundClock.Stop();
            silo.KillHard();

            // Assert: no page failed or stalled, every walk is the drop's orders in order.
            var py = pythonResult.RootElement;
            var pyFailures = py.GetProperty("failures").EnumerateArray().Select(f => f.GetRawText()).ToList();
            Assert.True(dotnetResult.Failures.IsEmpty, $"round {round}, .NET pages failed: {string.Join("; ", dotnetResult.Failures)}\n{silo.Output}");
            Assert.True(pyFailures.Count == 0, $"round {round}, grpcio pages failed: {string.Join("; ", pyFailures)}\n{silo.Output}");
            foreach (var walk in py.GetProperty("walks").EnumerateArray())
            {
                Assert.Equal(Orders, walk.GetProperty("count").GetInt32());
                Assert.Equal(expectedDigest, walk.GetProperty("sha256").GetString());
            }

            foreach (var walk in dotnetResult.Walks)
            {
                Assert.Equal(expected, walk);
            }

            var pyPages = py.GetProperty("pages").GetInt32();
            Assert.True(pyPages >= PythonPagesPerRound, $"round {round}: grpcio answered {pyPages} pages");
            Assert.True(dotnetResult.Pages >= DotnetPagesPerRound, $"round {round}: .NET answered {dotnetResult.Pages} pages");
            var pyMaxBytes = py.GetProperty("max_bytes").GetInt32();
            var pyMaxMs = py.GetProperty("max_latency_ms").GetDouble();
            output.WriteLine(
                $"round {round}: {roundClock.Elapsed.TotalSeconds:F1} s; .NET {dotnetResult.Pages} pages in {dotnetResult.Walks.Count} walks, max {dotnetResult.MaxBytes} B, max {dotnetResult.MaxLatency.TotalMilliseconds:F1} ms; "
                + $"grpcio {pyPages} pages in {py.GetProperty("walks").GetArrayLength()} walks, max {pyMaxBytes} B, max {pyMaxMs:F1} ms");
            total.Add(dotnetResult.Pages + pyPages, Math.Max(dotnetResult.MaxBytes, pyMaxBytes), Math.Max(dotnetResult.MaxLatency.TotalMilliseconds, pyMaxMs));
        }

        output.WriteLine($"total: {total.Pages} pages over {Rounds} kill -9 restarts in {clock.Elapsed.TotalSeconds:F1} s, max page {total.MaxBytes} B, max latency {total.MaxLatencyMs:F1} ms");
        Assert.True(total.Pages >= Rounds * (DotnetPagesPerRound + PythonPagesPerRound));
        Assert.True(total.MaxBytes > 4 * DefaultHttp2Window, $"pages of at most {total.MaxBytes} B do not test the 64 KB window");
    }

    /// <summary>DotnetPagers channels, each a default SocketsHttpHandler (so its own connection and the
    /// default 64 KB stream window), walking the drop until DotnetPagesPerRound pages answered.</summary>
    private async Task<DotnetResult> RunDotnetPagersAsync(SiloProcess silo, string dropId)
    {
        var result = new DotnetResult();
        var headers = new Metadata { { "authorization", "Bearer " + silo.AdminToken } };
        var pagers = Enumerable.Range(0, DotnetPagers).Select(async index =>
        {
            var handler = new SocketsHttpHandler { UseProxy = false };
            Assert.Equal(DefaultHttp2Window, handler.InitialHttp2StreamWindowSize);
            using var channel = GrpcChannel.ForAddress(silo.GrpcAddress, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
            var admin = new Admin.AdminClient(channel);
            for (var walk = index; Volatile.Read(ref result.Pages) < DotnetPagesPerRound; walk++)
            {
                var pageSize = PageSizes[walk % PageSizes.Length];
                var ids = new List<string>(Orders);
                var pageToken = string.Empty;
                do
                {
                    var started = Stopwatch.GetTimestamp();
                    ListDropOrdersReply page;
                    try
                    {
                        page = await admin.ListDropOrdersAsync(
                            new ListDropOrdersRequest { DropId = dropId, PageSize = pageSize, PageToken = pageToken },
                            new CallOptions(headers, DateTime.UtcNow + PageDeadline));
                    }
                    catch (RpcException error)
                    {
                        result.Failures.Add($"pager {index}, page size {pageSize}, token '{pageToken}': {error.StatusCode} {error.Status.Detail} after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
                        return;
                    }

                    result.Record(Stopwatch.GetElapsedTime(started), page.CalculateSize());
                    ids.AddRange(page.Orders.Select(o => o.OrderId));
                    pageToken = page.NextPageToken;
                }
                while (pageToken.Length > 0);
                result.Walks.Add(ids);
            }
        });
        await Task.WhenAll(pagers);
        return result;
    }

    private static async Task<JsonDocument> RunPythonPagerAsync(SiloProcess silo, string dropId)
    {
        var script = Path.Combine(InteropScriptsFolder(), "list_drop_orders_pager.py");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            script, silo.GrpcAddress.Port.ToString(CultureInfo.InvariantCulture), silo.AdminToken, dropId,
            PythonPagesPerRound.ToString(CultureInfo.InvariantCulture), PythonPagers.ToString(CultureInfo.InvariantCulture),
            PageDeadline.TotalSeconds.ToString(CultureInfo.InvariantCulture), string.Join(",", PageSizes),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["no_proxy"] = "*";
        start.Environment["NO_PROXY"] = "*";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(RoundTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var error = await stderr.WithTimeout();
        Assert.True(process.ExitCode == 0, $"list_drop_orders_pager.py exited with {process.ExitCode}: {error}");
        return JsonDocument.Parse(await stdout.WithTimeout());
    }

    private static async Task RequireGrpcioAsync()
    {
        var start = new ProcessStartInfo(Python, ["-c", "import grpc"]) { RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync().WithTimeout();
        await process.WaitForExitAsync().WithTimeout();
        Assert.True(process.ExitCode == 0, $"{Python} cannot import grpc ({error.Trim()}); `apt-get install python3-grpcio`.");
    }

    /// <summary>The same digest the python pager computes: SHA-256 of the ids joined by '\n'.</summary>
    private static string Digest(IEnumerable<string> ids) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids))));

    private static string InteropScriptsFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "interop"));

    private sealed class DotnetResult
    {
        public int Pages;
        private readonly Lock _lock = new();

        public ConcurrentBag<List<string>> Walks { get; } = [];

        public ConcurrentBag<string> Failures { get; } = [];

        public int MaxBytes { get; private set; }

        public TimeSpan MaxLatency { get; private set; }

        public void Record(TimeSpan latency, int bytes)
        {
            Interlocked.Increment(ref Pages);
            lock (_lock)
            {
                MaxBytes = Math.Max(MaxBytes, bytes);
                MaxLatency = latency > MaxLatency ? latency : MaxLatency;
            }
        }
    }

    private sealed class Totals
    {
        public int Pages { get; private set; }

        public int MaxBytes { get; private set; }

        public double MaxLatencyMs { get; private set; }

        public void Add(int pages, int maxBytes, double maxLatencyMs)
        {
            Pages += pages;
            MaxBytes = Math.Max(MaxBytes, maxBytes);
            MaxLatencyMs = Math.Max(MaxLatencyMs, maxLatencyMs);
        }
    }
}
