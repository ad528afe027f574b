using FlashSale.Testing.Servers;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>kill -9 of a silo on a throwaway PostgreSQL database (each test its own database).</summary>
[Collection(CrashCollection.Name)]
public sealed class PostgresCrashRestartTests(PostgresServerFixture postgres, ITestOutputHelper output) : CrashRestartScenario(output), IClassFixture<PostgresServerFixture>
{
    private readonly string _connectionString = postgres.Server.CreateUniqueDatabase();

    private protected override IReadOnlyList<string> StorageArgs => ["--storage", "postgres", "--postgres", _connectionString];
}
