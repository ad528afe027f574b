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

    public static SiloProcess Start(string dataDirectory, string adminToken)
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
        foreach (var arg in new[]
        {
            SiloAssemblyPath,
            "--grpc", grpc.Authority, "--http", http.Authority,
            "--storage", "sqlite", "--data", dataDirectory, "--admin-token", adminToken,
        })
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

    public FlashSaleChannel CreateChannel() =>
        FlashSaleChannel.ForAddress(GrpcAddress, new FlashSaleChannelOptions { AdminToken = AdminToken });

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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WithTimeout();
        }

        _process.Dispose();
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
