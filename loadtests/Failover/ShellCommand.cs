using System.Diagnostics;
using System.Globalization;

namespace FlashSale.LoadTests.Failover;

/// <summary>How one command ended: its exit code (null when it was killed at the timeout) and how long it ran.</summary>
internal readonly record struct CommandResult(int? ExitCode, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    public string Describe() => ExitCode is { } code
        ? string.Create(CultureInfo.InvariantCulture, $"exited {code} after {Elapsed.TotalSeconds:0.0}s")
        : string.Create(CultureInfo.InvariantCulture, $"killed after the {Elapsed.TotalSeconds:0.0}s timeout");
}

/// <summary>Runs an operator's command with <c>/bin/sh -c</c>, bounded in time. Its stdin, stdout and
/// stderr are /dev/null: the command may hold secrets (a connection string) and so may what it prints,
/// and a silo it starts in the background must not keep a pipe of ours open (we would wait for EOF).</summary>
internal static class ShellCommand
{
    public static async Task<CommandResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        // exec with redirections only, on a line of its own, then the command as given.
        start.ArgumentList.Add("exec </dev/null >/dev/null 2>&1\n" + command);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
            return new CommandResult(process.ExitCode, clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(null, clock.Elapsed);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // It ended between the timeout and the kill.
        }
    }
}
