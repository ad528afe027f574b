using FlashSale.Storage.Tests.Support;
using FlashSale.Storage.Sqlite;

using FlashSale.Testing;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Tests.Sqlite;

/// <summary>The SQLite file holds customers' data: its folder is created 0700 and the database,
/// -wal and -shm files are 0600 (on disk, as the OS reports them), new or inherited.</summary>
public sealed class SqliteFileModeTests
{
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode700 = Mode600 | UnixFileMode.UserExecute;
    private const UnixFileMode Mode644 = Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode755 = Mode700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    public async Task NewDatabase_InMissingFolder_FolderIs700AndDatabaseWalAndShmAre600()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        using var dir = new TempDirectory();
        var path = dir.File("data/flashsale.db");

        var database = new SqliteDatabase(path);
        await using var connection = await database.OpenAsync(CancellationToken.None).WithTimeout();
        await WriteRowAsync(connection);

        Assert.Equal(Mode700, File.GetUnixFileMode(dir.File("data")));
        Assert.True(File.Exists(path + "-wal") && File.Exists(path + "-shm"), "WAL mode keeps -wal and -shm while a connection is open");
        Assert.Equal(Mode600, File.GetUnixFileMode(path));
        Assert.Equal(Mode600, File.GetUnixFileMode(path + "-wal"));
        Assert.Equal(Mode600, File.GetUnixFileMode(path + "-shm"));
    }

    [Fact]
    public async Task ExistingDatabase_With644Files_IsTightenedTo600AndKeepsItsRows()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        using var dir = new TempDirectory();
        var path = dir.File("old.db");

        // As an older version left it: plain SQLite in WAL mode, files readable by everyone.
        var legacy = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using (var old = new SqliteConnection(legacy))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE legacy (x INTEGER); INSERT INTO legacy VALUES (7);";
            await command.ExecuteNonQueryAsync();
        }

        File.SetUnixFileMode(path, Mode644);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            // A crash leaves these behind; they must be tightened too, before SQLite reuses them.
            await File.WriteAllBytesAsync(path + suffix, []);
            File.SetUnixFileMode(path + suffix, Mode644);
        }

        var database = new SqliteDatabase(path);
        await using var connection = await database.OpenAsync(CancellationToken.None).WithTimeout();
        await WriteRowAsync(connection);

        Assert.Equal(Mode600, File.GetUnixFileMode(path));
        Assert.Equal(Mode600, File.GetUnixFileMode(path + "-wal"));
        Assert.Equal(Mode600, File.GetUnixFileMode(path + "-shm"));
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT x FROM legacy";
        Assert.Equal(7L, await read.ExecuteScalarAsync());
    }

    [Fact]
    public void EnsureDirectory_Existing755Folder_IsTightenedTo700()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        using var dir = new TempDirectory();
        var folder = dir.File("data");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, Mode755);

        OwnerOnly.EnsureDirectory(folder);

        Assert.Equal(Mode700, File.GetUnixFileMode(folder));
    }

    private static async Task WriteRowAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO grain_state (grain_type, grain_key, version, data, updated_at) VALUES ('t', 'k', 1, x'00', 'now')";
        await command.ExecuteNonQueryAsync();
    }
}
