using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlashSale.Testing.Servers;

/// <summary>A throwaway <c>redis-server</c> child process for integration tests: a free 127.0.0.1
/// port, no persistence (<c>--save "" --appendonly no</c>). <see cref="Stop"/>/<see cref="Start"/>
/// take it away and bring it back on the same port (empty, as a restarted cache would be). Needs
/// the Debian <c>redis-server</c> package; when it is missing, starting fails with a message
/// naming <c>bash scripts/test.sh</c>. Never skips.</summary>
public sealed class RedisServer : IDisposable
{
    private const string MissingMessage =
        "redis-server not found (looked on PATH and in /usr/bin, /usr/local/bin). " +
        "Run the tests with `bash scripts/test.sh`, which installs the Debian `redis-server` package (as root).";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly string _program;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RedisServer(string program, int port)
    {
        _program = program;
        Port = port;
    }

    /// <summary>The loopback TCP port the server listens on (kept across Stop/Start).</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string Configuration => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free port and waits until it answers PING.</summary>
    public static RedisServer StartNew()
    {
        var server = new RedisServer(FindProgram(), FreePort());
        try
        {
            server.Start();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts (or restarts) the server on the same port and waits until it answers PING.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(_program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_program}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        WaitUntilReady(process);
    }

    /// <summary>Kills the server (as a crash would): clients see their connections drop at once.</summary>
    public void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(20));
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    public void Dispose() => Stop();

    private void WaitUntilReady(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode} on port {Port}: {Output()}");
            }

            if (Pings())
            {
                return;
            }

            Thread.Sleep(50);
        }

        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {ReadyTimeout.TotalSeconds} s: {Output()}");
    }

    private bool Pings()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.ReadTimeout = 2_000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }

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

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static string FindProgram()
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator) ?? [];
        return path.Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Where(dir => dir.Length > 0)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(MissingMessage);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
