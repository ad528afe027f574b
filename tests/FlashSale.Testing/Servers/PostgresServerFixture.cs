namespace FlashSale.Testing.Servers;

/// <summary>xUnit class/collection fixture owning one <see cref="PostgresServer"/>: started once
/// for all tests that share it, stopped and deleted after them. Never skips: a missing PostgreSQL
/// fails the tests with the message naming <c>bash scripts/test.sh</c>.</summary>
public sealed class PostgresServerFixture : IDisposable
{
    private readonly Lazy<PostgresServer> _server = new(PostgresServer.StartNew, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The server, started on first use (so a failure to start fails the test that uses it).</summary>
    public PostgresServer Server => _server.Value;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}
