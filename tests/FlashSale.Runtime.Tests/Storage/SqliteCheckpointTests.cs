using FlashSale.Runtime.Storage.Sqlite;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Microsoft.Data.Sqlite;

namespace FlashSale.Runtime.Tests.Storage;

/// <summary>Checkpoints run in the background, not inside a commit; the log stays bounded under
/// sustained writes without a long read stalling writers; a reopened file holds every commit.</summary>
public sealed class SqliteCheckpointTests
{
    [Fact]
    public async Task Commits_TriggerBackgroundCheckpoints_AndTheLogIsCopiedIntoTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cp.db");
        var database = new SqliteDatabase(path);
        var storage = new SqliteGrainStorage(database);
        var fileBefore = new FileInfo(path).Length; // the schema itself went to the log
        const int grains = 3 * SqliteDatabase.CheckpointEveryCommits;
        for (var i = 0; i < grains; i++)
        {
            await storage.WriteAsync(new GrainId("probe", "g" + i), new byte[512], null, CancellationToken.None).WithTimeout();
        }

        await WaitUntilAsync(() => database.Checkpoints >= 1 && !database.CheckpointInProgress);
        Assert.Equal(0, database.CheckpointFailures);

        // Only a checkpoint writes the database file (connections never checkpoint on commit), so
        // the file grows by at least the rows of the commits before the first checkpoint. (Its
        // content is not read on its own: a checkpoint that a writer's read lock held short of the
        // newest commit leaves the pages of the commits after it in the log only, so the file alone
        // is a consistent database only once a later checkpoint has copied them; readers of the
        // database, which read the log too, never see that.)
        var fileAfter = new FileInfo(path).Length;
        Assert.True(
            fileAfter - fileBefore >= SqliteDatabase.CheckpointEveryCommits * 512L,
            $"the database file grew {fileBefore} -> {fileAfter} bytes after {database.Checkpoints} checkpoints of {grains} commits of 512 bytes");

        // And the database (file and log together) holds every commit.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state";
        Assert.Equal(grains, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
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

    // A passive checkpoint never starts the log over; SQLite does that only when a write begins
    // with the log fully copied, which a hot drop committing every few milliseconds almost never
    // allows (measured: a 1 GB log after a one-minute load test). The restarting checkpoint starts
    // it over once it passes the threshold, while the writers keep writing, and journal_size_limit
    // gives the space back.
    [Fact]
    public async Task SustainedWrites_TheCheckpointRestartsTheLog_AndShrinksTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("sustained.db");
        const int restartAbove = 64; // frames
        const long LogLimit = restartAbove * 4096L; // 256 KB
        // A restart that a writer's lock held off is retried after 20 ms here, not after the 1 s
        // meant for long reads, which would let the log grow several MB while the test writes.
        var database = new SqliteDatabase(path, restartAbove, restartBackoffMs: 20);
        var storage = new SqliteGrainStorage(database);

        // The log file's size, sampled every 50 ms while four writers commit (a commit of 2 KB
        // appends at least one 4 KB page to the log).
        // Enough commits to pass the threshold many times, however slow the machine is today.
        var sizes = new List<long>();
        var sampling = System.Diagnostics.Stopwatch.StartNew();
        var written = 0L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((written < 2_000 || database.LogRestarts == 0) && DateTime.UtcNow < deadline)
        {
            written += await WriteContinuouslyAsync(storage, TimeSpan.FromMilliseconds(500), () =>
            {
                if (sampling.ElapsedMilliseconds >= 50)
                {
                    sizes.Add(LogBytes(path));
                    sampling.Restart();
                }
            });
        }

        Assert.Equal(0, database.CheckpointFailures);
        Assert.True(database.LogRestarts >= 1, $"no restart in {written} commits");
        Assert.True(written * 4_096 > 8 * LogLimit, $"only {written} commits: too few to pass the threshold several times");

        // The file only ever grows unless a restart truncates it to the limit.
        Assert.True(sizes.Zip(sizes.Skip(1)).Any(pair => pair.Second < pair.First), $"the log file never shrank: {string.Join(", ", sizes.Select(size => size / 1024))} KB");
        sizes.Sort();
        var median = sizes[sizes.Count / 2];
        Assert.True(median <= 8 * LogLimit, $"median log size {median / 1024} KB with a restart threshold of {LogLimit / 1024} KB ({database.LogRestarts} restarts, {database.Checkpoints} checkpoints, {written} commits)");
    }

    // A restarting checkpoint holds writers back while it waits for readers; a reader that keeps its
    // snapshot for seconds (an audit reading a big drop) must make it give up, not stall the writes.
    [Fact]
    public async Task ALongRead_DoesNotStallWriters_AndTheLogRestartsAfterIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("reader.db");
        var database = new SqliteDatabase(path, restartLogAboveFrames: 64);
        var storage = new SqliteGrainStorage(database);
        await WriteContinuouslyAsync(storage, TimeSpan.FromMilliseconds(300), () => { });

        long restartsWhileReading;
        TimeSpan slowest;
        await using (var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString()))
        {
            await reader.OpenAsync();
            using var transaction = reader.BeginTransaction(deferred: true); // deferred: a read lock only, no write lock
            await using var read = reader.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "SELECT COUNT(*) FROM grain_state";
            await read.ExecuteScalarAsync(); // the snapshot is held until the transaction ends

            // A checkpoint that began before the read may still restart the log; let it end first.
            await WaitUntilAsync(() => !database.CheckpointInProgress);
            var restartsBefore = database.LogRestarts;
            slowest = await SlowestWriteAsync(storage, TimeSpan.FromSeconds(2));
            restartsWhileReading = database.LogRestarts - restartsBefore;
        }

        Assert.Equal(0, restartsWhileReading);
        // The regression this guards against waits the connections' 5 s busy timeout; half of it
        // leaves room for a slow disk shared with other tests' fsyncs.
        Assert.True(slowest < TimeSpan.FromMilliseconds(2_500), $"a write waited {slowest.TotalMilliseconds:F0} ms behind a checkpoint waiting for the reader");

        // Checkpoints follow commits, so write until one restarts the log (a slow fsync can hold
        // back a few of them).
        var afterRead = database.LogRestarts;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (database.LogRestarts == afterRead && DateTime.UtcNow < deadline)
        {
            await WriteContinuouslyAsync(storage, TimeSpan.FromMilliseconds(200), () => { });
        }

        Assert.True(database.LogRestarts > afterRead, "the log never restarted after the reader ended");
    }

    // Four writers commit 2 KB states to rotating grains until the time is up, each pausing a
    // millisecond between commits (some thousand commits a second: sustained, yet within what the
    // disk absorbs, so a checkpoint's fsync stays short); returns the commits made. observe runs
    // after every commit of the first writer.
    private static async Task<long> WriteContinuouslyAsync(SqliteGrainStorage storage, TimeSpan duration, Action observe)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return await WriteContinuouslyAsync(storage, run, duration, observe);
    }

    private static async Task<long> WriteContinuouslyAsync(SqliteGrainStorage storage, string run, TimeSpan duration, Action observe)
    {
        var until = DateTime.UtcNow + duration;
        var commits = 0L;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var etags = new Dictionary<int, string>();
            var payload = new byte[2_048];
            for (var i = 0; DateTime.UtcNow < until; i++)
            {
                var slot = i % 50;
                payload[0] = (byte)i;
                etags[slot] = await storage.WriteAsync(new GrainId("probe", $"{run}-w{writer}-{slot}"), payload, etags.GetValueOrDefault(slot), CancellationToken.None).WithTimeout();
                Interlocked.Increment(ref commits);
                if (writer == 0)
                {
                    observe();
                }

                await Task.Delay(1);
            }
        })));
        return commits;
    }

    private static async Task<TimeSpan> SlowestWriteAsync(SqliteGrainStorage storage, TimeSpan duration)
    {
        var slowest = TimeSpan.Zero;
        var until = DateTime.UtcNow + duration;
        string? etag = null;
        while (DateTime.UtcNow < until)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            etag = await storage.WriteAsync(new GrainId("probe", "timed"), new byte[8_192], etag, CancellationToken.None).WithTimeout();
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
        }

        return slowest;
    }

    private static long LogBytes(string databasePath)
    {
        var log = new FileInfo(databasePath + "-wal");
        return log.Exists ? log.Length : 0;
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
