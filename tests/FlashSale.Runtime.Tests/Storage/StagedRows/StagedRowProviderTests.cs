using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;
using FlashSale.Runtime.Storage.Sqlite;
using FlashSale.Runtime.Tests.TestGrains;

namespace FlashSale.Runtime.Tests.Storage.StagedRows;

public sealed class InMemoryStagedRowTests : StagedRowStorageConformanceTests
{
    protected override IRowStagingGrainStorage Storage { get; } = new InMemoryGrainStorage();
}

public sealed class SqliteStagedRowTests : StagedRowStorageConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public SqliteStagedRowTests() => Storage = new SqliteGrainStorage(new SqliteDatabase(_dir.File("rows.db")));

    protected override IRowStagingGrainStorage Storage { get; }

    public void Dispose() => _dir.Dispose();
}
