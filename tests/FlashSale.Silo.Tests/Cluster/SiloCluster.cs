using System.Globalization;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using Npgsql;

namespace FlashSale.Silo.Tests.Cluster;

/// <summary>One row of Orleans' membership table.</summary>
internal sealed record MembershipRow(string Address, int Port, int Generation, int Status)
{
    /// <summary>Orleans' SiloStatus values as stored.</summary>
    public const int Active = 3;
    public const int ShuttingDown = 4;
    public const int Dead = 6;
}

/// <summary>
/// Several real silo processes forming one Orleans cluster (<c>--clustering postgres</c>) on one
/// throwaway PostgreSQL database, each on its own fixed loopback ports (gRPC, HTTP, silo-to-silo), so
/// a silo restarts where clients and the other silos expect it. Tests kill, stop and restart them.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _connectionString;
    private readonly TempDirectory _data = new("flashsale-cluster");
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
    private readonly (Uri Grpc, Uri Http, int SiloPort)[] _endpoints;
    private readonly SiloProcess?[] _silos;
    private readonly List<SiloProcess> _stopped = [];

    private SiloCluster(string connectionString, int size)
    {
        _connectionString = connectionString;
        _endpoints = [.. Enumerable.Range(0, size).Select(_ => (Loopback(FreePort.Next()), Loopback(FreePort.Next()), FreePort.Next()))];
        _silos = new SiloProcess?[size];
    }

    public string Token { get; } = "cluster-" + Guid.NewGuid().ToString("N");

    public int Size => _silos.Length;

    public SiloProcess this[int index] => _silos[index] ?? throw new InvalidOperationException($"silo {index} is not running");

    /// <summary>Starts <paramref name="size"/> silos one after the other, each healthy and Active in
    /// the membership table before the next starts, as an operator would.</summary>
    /// <remarks>All at once on a shared two-core machine, three .NET start-ups starved each other so
    /// long (seconds per work item) that the first silos' probes of a joining one failed and they
    /// declared it dead — which the failure detection is tuned to do within seconds.</remarks>
    public static async Task<SiloCluster> StartAsync(string connectionString, int size)
    {
        var cluster = new SiloCluster(connectionString, size);
        try
        {
            for (var i = 0; i < size; i++)
            {
                await cluster.StartSiloAsync(i);
                await cluster.WaitForActiveAsync(i + 1, StartTimeout);
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts silo <paramref name="index"/> (again) on its ports and waits until it is healthy.</summary>
    public async Task StartSiloAsync(int index)
    {
        var (grpc, http, siloPort) = _endpoints[index];
        var directory = Path.Combine(_data.Path, index.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        string[] args =
        [
            "--storage", "postgres", "--postgres", _connectionString, "--clustering", "postgres",
            "--cluster-id", _clusterId, "--service-id", "flashsale-cluster-tests",
            "--advertised-address", "127.0.0.1", "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
            "--rate-limit", "off",
        ];
        var silo = SiloProcess.Start(directory, Token, args, grpc, http);
        _silos[index] = silo;
        await silo.WaitHealthyAsync(StartTimeout);
    }

    /// <summary>kill -9 of silo <paramref name="index"/>.</summary>
    public void Kill(int index)
    {
        var silo = this[index];
        silo.KillHard();
        _stopped.Add(silo);
        _silos[index] = null;
    }

    /// <summary>SIGTERM to silo <paramref name="index"/>; returns its exit code once it is gone.</summary>
    public async Task<int> TerminateAsync(int index, TimeSpan timeout)
    {
        var silo = this[index];
        _stopped.Add(silo);
        _silos[index] = null;
        return await silo.TerminateAsync(timeout);
    }

    /// <summary>A channel to silo <paramref name="index"/> (its address stays across restarts;
    /// gRPC reconnects by itself). No retries: the tests decide what to retry.</summary>
    public FlashSaleChannel CreateChannel(int index) =>
        FlashSaleChannel.ForAddress(_endpoints[index].Grpc, TestAuth.ChannelOptions(Token));

    /// <summary>The silo port of silo <paramref name="index"/> (its rows in the membership table).</summary>
    public int SiloPort(int index) => _endpoints[index].SiloPort;

    /// <summary>This cluster's rows of Orleans' membership table.</summary>
    public async Task<List<MembershipRow>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT address, port, generation, status FROM orleansmembershiptable WHERE deploymentid = @cluster ORDER BY port, generation", connection);
        command.Parameters.AddWithValue("cluster", _clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return rows;
    }

    /// <summary>Polls the membership table until <paramref name="done"/> holds; throws with the rows otherwise.</summary>
    public async Task<List<MembershipRow>> WaitForMembershipAsync(Func<List<MembershipRow>, bool> done, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        var rows = await MembershipAsync();
        while (!done(rows))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"membership never showed {what} within {timeout}: {string.Join(", ", rows)}");
            }

            await Task.Delay(200);
            rows = await MembershipAsync();
        }

        return rows;
    }

    public Task<List<MembershipRow>> WaitForActiveAsync(int count, TimeSpan timeout) =>
        WaitForMembershipAsync(rows => rows.Count(r => r.Status == MembershipRow.Active) == count, timeout, $"{count} Active silos");

    /// <summary>Everything the running silos and the stopped ones wrote (for assertion messages).</summary>
    public string Output() => string.Join(
        "\n",
        _silos.Select((s, i) => (s, i)).Where(x => x.s is not null).Select(x => $"--- silo {x.i} ---\n{x.s!.Output}")
            .Concat(_stopped.Select(s => $"--- stopped silo {s.Pid} ---\n{s.Output}")));

    /// <summary>The silos' warnings, errors and exceptions with the line after each (the logger puts
    /// the message there), at most <paramref name="maxLines"/> lines: what an assertion message needs
    /// to say why a call failed, without the whole log.</summary>
    public string Problems(int maxLines = 80)
    {
        var lines = new List<string>();
        var sources = _silos.Select((s, i) => (Silo: s, Name: $"silo {i}")).Where(x => x.Silo is not null)
            .Concat(_stopped.Select(s => ((SiloProcess?)s, $"stopped silo {s.Pid}")));
        foreach (var (silo, name) in sources)
        {
            var log = silo!.Output.Split('\n');
            for (var i = 0; i < log.Length && lines.Count < maxLines; i++)
            {
                var line = log[i];
                if (line.StartsWith("fail", StringComparison.Ordinal) || line.StartsWith("warn", StringComparison.Ordinal)
                    || line.StartsWith("crit", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal))
                {
                    lines.Add($"[{name}] {line.TrimEnd()}");
                    if (i + 1 < log.Length)
                    {
                        lines.Add($"[{name}]   {log[i + 1].TrimEnd()}");
                    }
                }
            }
        }

        return lines.Count == 0 ? "(no warnings or errors in the silos' logs)" : string.Join("\n", lines);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.Concat(_stopped))
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }

        _data.Dispose();
    }

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
}
