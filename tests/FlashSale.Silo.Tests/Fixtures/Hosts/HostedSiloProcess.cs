using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlashSale.Client;

namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>
/// A silo process run as if on its own host: inside a network namespace (<see cref="NetworkHost"/>,
/// gRPC on its address port 5000, HTTP on 5001, Orleans' silo port 11111 — ports are the host's own)
/// and, optionally, a <see cref="CpuGroup"/> it joins before the runtime starts (a shell writes its
/// pid to the group, then execs <c>ip netns exec … dotnet FlashSale.Silo.dll</c>, so the pid is the
/// silo's). Records when the process exited.
/// </summary>
internal sealed class HostedSiloProcess : IAsyncDisposable
{
    public const int GrpcPort = 5000;
    public const int HttpPort = 5001;
    public const int SiloPort = 11111;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private long _exitedAtTicks;

    private HostedSiloProcess(string name, Process process, NetworkHost host, string adminToken)
    {
        Name = name;
        _process = process;
        Host = host;
        AdminToken = adminToken;
        GrpcAddress = new Uri($"http://{host.Address}:{GrpcPort.ToString(CultureInfo.InvariantCulture)}");
        HttpAddress = new Uri($"http://{host.Address}:{HttpPort.ToString(CultureInfo.InvariantCulture)}");
        process.Exited += (_, _) => Interlocked.CompareExchange(ref _exitedAtTicks, DateTime.UtcNow.Ticks, 0);
    }

    public string Name { get; }

    public NetworkHost Host { get; }

    public string AdminToken { get; }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>When the process was seen to exit (UTC), or null while it runs.</summary>
    public DateTime? ExitedAt => Interlocked.Read(ref _exitedAtTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a clustered silo on PostgreSQL in <paramref name="host"/>'s namespace (and
    /// <paramref name="cpu"/>'s group when given); does not wait for it.</summary>
    public static HostedSiloProcess Start(
        string name, NetworkHost host, CpuGroup? cpu, string postgres, string clusterId, string dataDirectory, string adminToken,
        IReadOnlyList<string>? extraArgs = null)
    {
        var address = host.Address.ToString();
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "-c", cpu is null ? "exec ip netns exec \"$0\" \"$@\"" : "echo $$ > \"$FLASHSALE_CPU_PROCS\" && exec ip netns exec \"$0\" \"$@\"",
            host.Namespace, DotnetHost(), SiloAssemblyPath,
            "--grpc", $"{address}:{GrpcPort.ToString(CultureInfo.InvariantCulture)}",
            "--http", $"{address}:{HttpPort.ToString(CultureInfo.InvariantCulture)}",
            "--data", dataDirectory, "--admin-token", adminToken, "--rate-limit", "off",
            "--storage", "postgres", "--postgres", postgres,
            "--clustering", "postgres", "--advertised-address", address, "--silo-port", SiloPort.ToString(CultureInfo.InvariantCulture),
            "--cluster-id", clusterId, "--service-id", clusterId,
            .. extraArgs ?? [],
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test run's shoppers' signing key (not on the command line, which ps shows).
        start.Environment["FLASHSALE_SIGNING_KEY"] = TestAuth.SigningKeyBase64;
        if (cpu is not null)
        {
            start.Environment["FLASHSALE_CPU_PROCS"] = cpu.ProcsFile;
            if (cpu.IsCapped)
            {
                start.Environment["DOTNET_ProcessorCount"] = "1";
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new HostedSiloProcess(name, process, host, adminToken);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    public static string SiloAssemblyPath => Path.Combine(AppContext.BaseDirectory, "FlashSale.Silo.dll");

    public FlashSaleChannel CreateChannel(RetryOptions? retry = null) =>
        FlashSaleChannel.ForAddress(GrpcAddress, TestAuth.ChannelOptions(AdminToken, retry));

    /// <summary>Polls GET /healthz until it answers 200; throws with the silo's output otherwise.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"silo {Name} exited with {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(HttpAddress, "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"silo {Name} was not healthy within {timeout}:\n{Output}");
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit on its own.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL; waits for the exit.</summary>
    public void KillHard()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.WaitForExit(TimeSpan.FromSeconds(15));
    }

    public ValueTask DisposeAsync()
    {
        KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture)).AppendLine(line);
        }
    }
}
