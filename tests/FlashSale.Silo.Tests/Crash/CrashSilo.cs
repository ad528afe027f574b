using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>A silo as a real <c>dotnet FlashSale.Silo.dll</c> child process on any storage, on free
/// loopback ports, that a test can <c>kill -9</c>. Only this process is ever killed; it is always
/// killed on dispose.</summary>
internal sealed class CrashSilo : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CrashSilo(Process process, Uri grpcAddress, Uri httpAddress, string adminToken)
    {
        _process = process;
        GrpcAddress = grpcAddress;
        HttpAddress = httpAddress;
        AdminToken = adminToken;
    }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public string AdminToken { get; }

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

    /// <summary>Starts the silo with <paramref name="storageArgs"/> (e.g. <c>--storage postgres --postgres …</c>)
    /// and waits until /healthz answers.</summary>
    public static async Task<CrashSilo> StartAsync(string dataDirectory, string adminToken, IReadOnlyList<string> storageArgs)
    {
        var grpc = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var http = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            SiloProcess.SiloAssemblyPath, "--grpc", grpc.Authority, "--http", http.Authority,
            "--data", dataDirectory, "--admin-token", adminToken, .. storageArgs,
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var silo = new CrashSilo(process, grpc, http, adminToken);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitHealthyAsync();
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

    /// <summary>SIGKILL (Process.Kill): no shutdown hook, no flush, no drain.</summary>
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

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + StartupTimeout;
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

        throw new TimeoutException($"the silo was not healthy within {StartupTimeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the tail only: a crash test's silo logs a lot under load.
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }

            _output.AppendLine(line);
        }
    }
}
