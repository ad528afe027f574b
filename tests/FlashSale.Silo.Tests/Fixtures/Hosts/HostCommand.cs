using System.Diagnostics;

namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>Runs the host tools the simulated hosts are made of (<c>ip</c>, <c>tc</c>) and fails
/// with their own error text.</summary>
internal static class HostCommand
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="file"/> and throws unless it exits 0.</summary>
    public static string Run(string file, params string[] args)
    {
        var (code, output) = TryRun(file, args);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {output.Trim()}");
    }

    /// <summary>Runs <paramref name="file"/>; returns its exit code and output (stdout then stderr).</summary>
    public static (int ExitCode, string Output) TryRun(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {Limit}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
