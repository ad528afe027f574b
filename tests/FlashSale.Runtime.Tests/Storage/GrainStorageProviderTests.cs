using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;
using FlashSale.Runtime.Storage.Sqlite;
using FlashSale.Runtime.Tests.TestGrains;

namespace FlashSale.Runtime.Tests.Storage;

public sealed class InMemoryGrainStorageTests : GrainStorageConformanceTests
{
    protected override IGrainStorage Storage { get; } = new InMemoryGrainStorage();
}

public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public SqliteGrainStorageTests() => Storage = new SqliteGrainStorage(new SqliteDatabase(_dir.File("nested/state.db")));

    protected override IGrainStorage Storage { get; }

    [Fact]
    public void Constructor_CreatesDirectoryAndFile()
    {
        Assert.True(File.Exists(_dir.File("nested/state.db")));
    }

    [Fact]
    public async Task Constructor_WhenDirectoryCannotBeCreated_ThrowsStorageUnavailable()
    {
        var blocker = _dir.File("not-a-dir");
        await File.WriteAllTextAsync(blocker, "file, not directory");

        Assert.Throws<StorageUnavailableException>(() => new SqliteDatabase(Path.Combine(blocker, "state.db")));
    }

    [Fact]
    public void Constructor_WhenPathIsADirectory_ThrowsStorageUnavailable()
    {
        Assert.Throws<StorageUnavailableException>(() => new SqliteDatabase(_dir.Path));
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class InMemoryReminderTableTests : ReminderTableConformanceTests
{
    protected override IReminderTable Table { get; } = new InMemoryReminderTable();
}

public sealed class SqliteReminderTableTests : ReminderTableConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public SqliteReminderTableTests() => Table = new SqliteReminderTable(new SqliteDatabase(_dir.File("reminders.db")));

    protected override IReminderTable Table { get; }

    public void Dispose() => _dir.Dispose();
}
