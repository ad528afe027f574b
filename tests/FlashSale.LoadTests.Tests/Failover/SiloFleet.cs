using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using FlashSale.LoadTests.Failover;

namespace FlashSale.LoadTests.Tests.Failover;

/// <summary>
/// Real silo processes (<c>dotnet FlashSale.Silo.dll</c> from this test's output folder) started and killed
/// by shell commands — the same commands the failover scenario is given — each on fixed loopback ports
/// and its own data folder, so a restart comes back where the runner expects it with the same data.
/// Each silo's command writes its pid to a file; dispose kills exactly those pids.
/// </summary>
internal sealed class SiloFleet : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("flashsale-fleet-").FullName;
    private readonly (int Grpc, int Http, int Silo)[] _ports;
    private readonly Func<int, IReadOnlyList<string>> _argsOf;
    private readonly HashSet<int> _started = [];
    private string? _signingKeyFile;

    /// <param name="size">Number of silos.</param>
    /// <param name="argsOf">Storage and clustering switches of silo i, given its silo-to-silo port.</param>
    public SiloFleet(int size, Func<int, int, IReadOnlyList<string>> argsOf)
    {
        _ports = [.. Enumerable.Range(0, size).Select(_ => (FreePort(), FreePort(), FreePort()))];
        _argsOf = i => argsOf(i, _ports[i].Silo);
    }

    public string AdminToken { get; } = "fleet-" + Guid.NewGuid().ToString("N");

    /// <summary>The shoppers' JWT signing key every silo of the fleet trusts (base64, owner-only), from
    /// which the load runner mints its test users' tokens.</summary>
    public string SigningKeyFile => _signingKeyFile ??= WriteSigningKey();

    public IReadOnlyList<string> Targets => [.. _ports.Select(p => $"http://127.0.0.1:{p.Grpc.ToString(CultureInfo.InvariantCulture)}")];

    /// <summary>SQLite, one data folder per silo, no clustering: each silo is a cluster of its own.</summary>
    public static SiloFleet Sqlite(int size) => new(size, (_, _) => ["--storage", "sqlite"]);

    /// <summary>One Orleans cluster on PostgreSQL (branch cluster's switches).</summary>
    public static SiloFleet PostgresCluster(int size, string connectionString)
    {
        var clusterId = "lt-" + Guid.NewGuid().ToString("N")[..8];
        return new(size, (_, siloPort) =>
        [
            "--storage", "postgres", "--postgres", connectionString, "--clustering", "postgres",
            "--cluster-id", clusterId, "--service-id", "flashsale-loadtests", "--advertised-address", "127.0.0.1",
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
        ]);
    }

    /// <summary>A /bin/sh command that starts silo <paramref name="index"/> in the background on its ports
    /// and data folder (its log in the folder) and records its pid.</summary>
    public string StartCommand(int index)
    {
        var (grpc, http, _) = _ports[index];
        var dir = DataDirectory(index);
        string[] args =
        [
            DotnetHost(), Path.Combine(AppContext.BaseDirectory, "FlashSale.Silo.dll"),
            "--grpc", $"127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}", "--http", $"127.0.0.1:{http.ToString(CultureInfo.InvariantCulture)}",
            "--data", dir, "--admin-token", AdminToken, "--signing-key-file", SigningKeyFile, "--rate-limit", "off", .. _argsOf(index),
        ];
        // "cd … || exit" apart: "a && b &" would background a subshell, and $! would be its pid, not the silo's.
        return $"cd {Quote(dir)} || exit 1\n{string.Join(' ', args.Select(Quote))} >>{Quote(Path.Combine(dir, "silo.log"))} 2>&1 & echo $! >{Quote(PidFile(index))}";
    }

    /// <summary>A /bin/sh command that kills silo <paramref name="index"/> with SIGKILL.</summary>
    public string KillCommand(int index) => $"kill -9 \"$(cat {Quote(PidFile(index))})\"";

    /// <summary>Runs the start command of silo <paramref name="index"/> and waits until it is healthy.</summary>
    public async Task StartAsync(int index)
    {
        var started = await ShellCommand.RunAsync(StartCommand(index), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(started.Succeeded, started.Describe());
        lock (_started)
        {
            _started.Add(Pid(index));
        }

        await WaitHealthyAsync(index);
    }

    public int Pid(int index) => int.Parse(File.ReadAllText(PidFile(index)).Trim(), CultureInfo.InvariantCulture);

    public bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Polls GET /healthz of silo <paramref name="index"/> until 200.</summary>
    public async Task WaitHealthyAsync(int index)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = new Uri($"http://127.0.0.1:{_ports[index].Http.ToString(CultureInfo.InvariantCulture)}/healthz");
        var until = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"silo {index} was not healthy within {StartTimeout}:\n{Log(index)}");
    }

    /// <summary>Every silo's log (for assertion messages).</summary>
    public string Logs() => string.Join("\n", Enumerable.Range(0, _ports.Length).Select(i => $"--- silo {i} ---\n{Log(i)}"));

    /// <summary>Kills every process a start command of this fleet started (the pids it recorded, also
    /// those of restarts the runner made), then deletes the data folders.</summary>
    public void Dispose()
    {
        for (var i = 0; i < _ports.Length; i++)
        {
            if (File.Exists(PidFile(i)))
            {
                lock (_started)
                {
                    _started.Add(Pid(i));
                }
            }
        }

        foreach (var pid in _started)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(15));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string WriteSigningKey()
    {
        var path = Path.Combine(_root, "jwt-signing-key");
        File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    private string DataDirectory(int index)
    {
        var dir = Path.Combine(_root, index.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private string PidFile(int index) => Path.Combine(DataDirectory(index), "silo.pid");

    private string Log(int index)
    {
        var path = Path.Combine(DataDirectory(index), "silo.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
