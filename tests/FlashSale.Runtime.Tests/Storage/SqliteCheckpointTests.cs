using FlashSale.Runtime.Storage.Sqlite;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Microsoft.Data.Sqlite;

namespace FlashSale.Runtime.Tests.Storage;

/// <summary>Checkpoints run in the background, not inside a commit; the log stays bounded and a
/// reopened file holds every commit.</summary>
public sealed class SqliteCheckpointTests
{
    [Fact]
    public async Task Commits_TriggerBackgroundCheckpoints_AndTheLogIsCopiedIntoTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cp.db");
        var database = new SqliteDatabase(path);
        var storage = new SqliteGrainStorage(database);
        const int grains = 3 * SqliteDatabase.CheckpointEveryCommits;
        for (var i = 0; i < grains; i++)
        {
            await storage.WriteAsync(new GrainId("probe", "g" + i), new byte[512], null, CancellationToken.None).WithTimeout();
        }

        // No commit follows, so once none is in progress no later checkpoint can start and the
        // file holds still: immutable=1 takes no locks, so it must not read a file mid-checkpoint.
        await WaitUntilAsync(() => database.Checkpoints >= 1 && !database.CheckpointInProgress);
        Assert.Equal(0, database.CheckpointFailures);

        // A passive checkpoint copied committed pages into the main file: a reader that ignores the
        // log (immutable=1 opens the file alone) already sees rows written before the checkpoint.
        var fileOnly = new SqliteConnectionStringBuilder { DataSource = $"file:{path}?immutable=1", Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var connection = new SqliteConnection(fileOnly);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state";
        var inFile = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(inFile >= SqliteDatabase.CheckpointEveryCommits, $"only {inFile} rows reached the database file");
    }

    [Fact]
    public async Task CommitsAfterCheckpoints_AllSurviveAReopen()
    {
        using var dir = new TempDirectory();
        var path = dir.File("reopen.db");
        var storage = new SqliteGrainStorage(new SqliteDatabase(path));
        var id = new GrainId("probe", "counter");
        string? etag = null;
        for (var i = 0; i < 2 * SqliteDatabase.CheckpointEveryCommits + 7; i++)
        {
            etag = await storage.WriteAsync(id, BitConverter.GetBytes(i), etag, CancellationToken.None).WithTimeout();
        }

        var reopened = await new SqliteGrainStorage(new SqliteDatabase(path)).ReadAsync(id, CancellationToken.None).WithTimeout();

        Assert.NotNull(reopened);
        Assert.Equal(etag, reopened.Etag);
        Assert.Equal(2 * SqliteDatabase.CheckpointEveryCommits + 6, BitConverter.ToInt32(reopened.Data));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
