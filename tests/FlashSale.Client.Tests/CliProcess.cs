using System.Diagnostics;
using System.Reflection;

namespace FlashSale.Client.Tests;

/// <summary>Runs the real CLI (flashsale.dll from the CLI project's build output) as a child process, in an empty
/// working directory (so no ./data/admin-token is picked up unless a test writes one), and collects
/// its exit code and both output streams.</summary>
internal sealed class CliProcess : IDisposable
{
    public string WorkingDirectory { get; } = Directory.CreateTempSubdirectory("flashsale-cli-test-").FullName;

    public Dictionary<string, string> Environment { get; } = [];

    private static string CliPath { get; } = Path.GetFullPath(typeof(CliProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FlashSaleCliPath").Value!);

    public async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing inherited from the test run's own environment decides the outcome.
        foreach (var name in (string[])["FLASHSALE_ADMIN_TOKEN", "FLASHSALE_ADDRESS", "FLASHSALE_USER"])
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WithTimeout();
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => Directory.Delete(WorkingDirectory, recursive: true);
}
