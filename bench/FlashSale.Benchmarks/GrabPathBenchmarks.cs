using BenchmarkDotNet.Attributes;
using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Grains.Protos;
using FlashSale.Storage.Hosting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashSale.Benchmarks;

/// <summary>The server side of one grab without the network, on an in-process Orleans silo: a
/// grain call that does nothing (GetStatus), a grab as the silo routes it (straight to the drop)
/// with in-memory storage (Orleans, the drop, row staging), the same on SQLite, and 64 concurrent
/// grabs (group commit forms batches).</summary>
[MemoryDiagnoser]
public class GrabPathBenchmarks
{
    private IHost _memory = null!;
    private IHost _sqlite = null!;
    private string _directory = null!;
    private long _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "flashsale-bench-" + Guid.NewGuid().ToString("N"));
        _memory = await StartAsync(null);
        _sqlite = await StartAsync(Path.Combine(_directory, "bench.db"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _memory.StopAsync();
        _memory.Dispose();
        await _sqlite.StopAsync();
        _sqlite.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "grain call, no work (Drop.GetStatus)")]
    public Task<DropStatus> EngineCall() => Grains(_memory).GetGrain<IDropGrain>("d1").GetStatus(new Empty());

    [Benchmark(Description = "grab, in-memory storage")]
    public Task<GrabReply> GrabMemory() => GrabAsync(_memory);

    [Benchmark(Description = "grab, SQLite")]
    public Task<GrabReply> GrabSqlite() => GrabAsync(_sqlite);

    [Benchmark(Description = "64 concurrent grabs, SQLite (group commit)", OperationsPerInvoke = 64)]
    public Task Grab64Sqlite() => Task.WhenAll(Enumerable.Range(0, 64).Select(_ => GrabAsync(_sqlite)));

    [Benchmark(Description = "GrabReply protobuf write + parse")]
    public GrabReply GrabReplyRoundTrip() => GrabReply.Parser.ParseFrom(SampleReply.ToByteArray());

    private static readonly GrabReply SampleReply = new()
    {
        Result = ResultCode.Ok,
        Remaining = 999_000,
        Order = new Order
        {
            OrderId = "lt1122030109f97-drop/123456", DropId = "lt1122030109f97-drop", RoomId = "lt1122030109f97-room",
            UserId = "lt1122030109f97-u0042", Quantity = 1, UnitPrice = 9_900, TotalAmount = 9_900,
            State = OrderState.PendingPayment, CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            PaymentDeadline = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(5)), Title = "Tea set",
        },
    };

    private Task<GrabReply> GrabAsync(IHost host)
    {
        var n = Interlocked.Increment(ref _next);
        var user = "u" + (n % 1_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Grabs.GrabAsync(
            Grains(host),
            new GrabRequest { DropId = "d1", UserId = user, Quantity = 1, IdempotencyKey = n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            CancellationToken.None);
    }

    private static IGrainFactory Grains(IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    private static async Task<IHost> StartAsync(string? sqlitePath)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: 0);
                silo.AddFlashSaleGrains();
                silo.AddFlashSaleStorage(sqlitePath is null
                    ? new FlashSaleStorageOptions { Kind = FlashSaleStorageOptions.MemoryKind }
                    : new FlashSaleStorageOptions { Kind = FlashSaleStorageOptions.SqliteKind, SqlitePath = sqlitePath });
            })
            .Build();
        await host.StartAsync();
        await Grains(host).GetGrain<IDropGrain>("d1").Schedule(new ScheduleDropRequest
        {
            DropId = "d1",
            RoomId = "r1",
            Title = "Tea set",
            UnitPrice = 9_900,
            Quantity = 100_000_000,
        });
        return host;
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
