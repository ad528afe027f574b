using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FlashSale.Testing.Servers;

/// <summary>A throwaway PostgreSQL server for integration tests: initdb into a temp directory,
/// pg_ctl start on a free 127.0.0.1 port (unix socket inside the temp directory, fsync on), stop
/// and delete on dispose. <see cref="Stop"/>/<see cref="Start"/> take the database away and bring
/// it back on the same data directory and port. Needs the Debian <c>postgresql</c> package; when
/// it is missing the server fails to start with a message naming <c>bash scripts/test.sh</c>.</summary>
public sealed partial class PostgresServer : IDisposable
{
    private const string Superuser = "postgres";
    private readonly string _bin;
    private readonly string _root;
    private int _disposed;

    private PostgresServer(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    /// <summary>The loopback TCP port the server listens on (kept across Stop/Start).</summary>
    public int Port { get; }

    /// <summary>The temp directory holding the data directory, socket and log.</summary>
    public string RootDirectory => _root;

    /// <summary>Connection string of the default test database ("flashsale").</summary>
    public string ConnectionString => ConnectionStringFor("flashsale");

    public bool IsRunning { get; private set; }

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>Creates, configures and starts a server with a "flashsale" database.</summary>
    /// <remarks>The port is free when chosen but bound only after initdb, seconds later; another
    /// process may take it meanwhile, so a server that fails to start is tried again on a new
    /// port (three attempts).</remarks>
    public static PostgresServer StartNew()
    {
        var bin = FindBinaries();
        for (var attempt = 1; ; attempt++)
        {
            var root = Path.Combine(Path.GetTempPath(), "flashsale-pg-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            var server = new PostgresServer(bin, root, FreePort());
            try
            {
                server.Initialize();
                server.Start();
                server.CreateDatabase("flashsale");
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>Connection string of <paramref name="database"/> on this server: short connect
    /// timeout so tests of an unavailable server fail fast.</summary>
    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={Superuser};Database={database};Timeout=5;Command Timeout=30";

    /// <summary>Creates a database and returns its connection string.</summary>
    public string CreateDatabase(string name)
    {
        Run(Path.Combine(_bin, "createdb"), asServerUser: false, "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Superuser, name);
        return ConnectionStringFor(name);
    }

    /// <summary>Creates a database with a fresh unique name and returns its connection string.</summary>
    public string CreateUniqueDatabase() => CreateDatabase("t_" + Guid.NewGuid().ToString("N")[..16]);

    /// <summary>Starts (or restarts) the server on the same data directory and port.</summary>
    public void Start()
    {
        Run(Path.Combine(_bin, "pg_ctl"), asServerUser: true, "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start");
        IsRunning = true;
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut, committed data stays).</summary>
    public void Stop()
    {
        Run(Path.Combine(_bin, "pg_ctl"), asServerUser: true, "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        IsRunning = false;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                Run(Path.Combine(_bin, "pg_ctl"), asServerUser: true, "-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop");
            }
        }
        catch (InvalidOperationException)
        {
            // Best effort: a server that is already gone is fine.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory must not fail a test run.
        }
    }

    private void Initialize()
    {
        if (RunningAsRoot)
        {
            // initdb refuses to run as root: the server runs as the Debian package's postgres user.
            Run("chown", asServerUser: false, "-R", $"{Superuser}:{Superuser}", _root);
        }

        Run(Path.Combine(_bin, "initdb"), asServerUser: true, "-D", DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions");
        var settings = $"""

            # flashsale test server
            listen_addresses = '127.0.0.1'
            port = {Port.ToString(CultureInfo.InvariantCulture)}
            unix_socket_directories = '{_root}'
            fsync = on
            synchronous_commit = on
            max_connections = 200
            shared_buffers = 32MB
            """;
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), settings);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
