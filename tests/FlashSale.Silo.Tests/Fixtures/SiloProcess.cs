using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlashSale.Client;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>
/// The silo as a real child process (<c>dotnet FlashSale.Silo.dll</c> from this test's output folder,
/// where the project reference copies it with its runtimeconfig), on free loopback ports, so tests
/// can send it real signals.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri grpcAddress, Uri httpAddress, string adminToken)
    {
        _process = process;
        GrpcAddress = grpcAddress;
        HttpAddress = httpAddress;
        AdminToken = adminToken;
    }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public string AdminToken { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far (for assertion messages).</summary>
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

    public static string SiloAssemblyPath => Path.Combine(AppContext.BaseDirectory, "FlashSale.Silo.dll");

    /// <summary>Starts the silo on SQLite in <paramref name="dataDirectory"/>, or with
    /// <paramref name="storageArgs"/> (e.g. <c>--storage postgres --postgres …</c>); does not wait.
    /// The gRPC and HTTP endpoints are free loopback ports unless given (a restart on the same ones).</summary>
    public static SiloProcess Start(string dataDirectory, string adminToken, IReadOnlyList<string>? storageArgs = null, Uri? grpcAddress = null, Uri? httpAddress = null)
    {
        var grpc = grpcAddress ?? new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var http = httpAddress ?? new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            SiloAssemblyPath, "--grpc", grpc.Authority, "--http", http.Authority,
            "--data", dataDirectory, "--admin-token", adminToken, .. storageArgs ?? ["--storage", "sqlite"],
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, grpc, http, adminToken);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Starts the silo and waits until /healthz answers; kills it if it never does.</summary>
    public static async Task<SiloProcess> StartHealthyAsync(string dataDirectory, string adminToken, IReadOnlyList<string>? storageArgs = null)
    {
        var silo = Start(dataDirectory, adminToken, storageArgs);
        try
        {
            await silo.WaitHealthyAsync(TimeSpan.FromSeconds(30));
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>A channel of its own, so several of them make several HTTP/2 connections.</summary>
    public FlashSaleChannel CreateChannel(RetryOptions? retry = null) =>
        FlashSaleChannel.ForAddress(GrpcAddress, new FlashSaleChannelOptions { AdminToken = AdminToken, Retry = retry });

    /// <summary>SIGKILL of this process only: no shutdown hook, no flush, no drain.</summary>
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

    /// <summary>Polls GET /healthz until it answers 200.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(HttpAddress, "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the silo was not healthy within {timeout}:\n{Output}");
    }

    /// <summary>Sends SIGTERM (Process.Kill would be SIGKILL) and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("/bin/kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WithTimeout();
        }

        await _process.WaitForExitAsync().WithTimeout(timeout);
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by name (e.g. STOP, CONT) to this process only.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("/bin/kill", [$"-{signal}", Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WithTimeout();
    }

    /// <summary>Waits until the process has exited by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WithTimeout(timeout);
        return _process.ExitCode;
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
            _output.AppendLine(line);
        }
    }
}
