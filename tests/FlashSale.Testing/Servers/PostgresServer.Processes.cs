using System.Diagnostics;

namespace FlashSale.Testing.Servers;

/// <summary>Finding the server binaries and running them (as the postgres user when we are root).</summary>
public sealed partial class PostgresServer
{
    private const string MissingMessage =
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin. " +
        "Run the tests with `bash scripts/test.sh`, which installs the Debian `postgresql` package (as root).";

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(MissingMessage);
    }

    private void Run(string program, bool asServerUser, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        if (asServerUser && RunningAsRoot)
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(Superuser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");

        // pg_ctl start leaves the server holding our stdout pipe: read the streams without waiting for EOF.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish in 120 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): " +
                $"{Completed(error)}{Completed(output)}{LogTail()}");
        }
    }

    private static string Completed(Task<string> text) => text.IsCompletedSuccessfully ? text.Result.Trim() + " " : string.Empty;

    private string LogTail()
    {
        try
        {
            var lines = File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];
            return lines.Length == 0 ? string.Empty : "\nserver log:\n" + string.Join('\n', lines.TakeLast(20));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
