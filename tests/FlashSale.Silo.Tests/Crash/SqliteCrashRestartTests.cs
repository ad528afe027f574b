using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>kill -9 of a silo on the embedded SQLite file; the data folder is kept across the kill.</summary>
[Collection(CrashCollection.Name)]
public sealed class SqliteCrashRestartTests(ITestOutputHelper output) : CrashRestartScenario(output)
{
    private protected override IReadOnlyList<string> StorageArgs => ["--storage", "sqlite"];
}
