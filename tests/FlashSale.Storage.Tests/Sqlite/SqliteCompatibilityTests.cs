using FlashSale.Storage.Sqlite;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace FlashSale.Storage.Tests.Sqlite;

/// <summary>Files written by the engine before Orleans keep working: the same tables, rows read
/// under the same (grain_type, grain_key), and checkpoints keep every commit.</summary>
public sealed class SqliteCompatibilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task GrainStorage_ReadsARowTheOldEngineWrote_UnderTheGrainTypeAndKey_AndWritesOnFromItsVersion()
    {
        var path = _dir.File("old.db");
        var old = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using (var connection = new SqliteConnection(old))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, version INTEGER NOT NULL, data BLOB NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (grain_type, grain_key)) WITHOUT ROWID;
                INSERT INTO grain_state VALUES ('room', 'live-1', 41, $data, '2026-01-01T00:00:00.0000000Z');
                """;
            command.Parameters.AddWithValue("$data", new StringValue { Value = "stored by the old engine" }.ToByteArray());
            await command.ExecuteNonQueryAsync();
        }

        var storage = new SqliteGrainStorage(new SqliteDatabase(path));
        var id = GrainId.Create("room", "live-1");
        var state = new TestGrainState<StringValue>();
        await storage.ReadStateAsync("state", id, state).WithTimeout();
        state.State = new StringValue { Value = "next" };
        await storage.WriteStateAsync("state", id, state).WithTimeout();

        Assert.True(state.RecordExists);
        Assert.Equal("42", state.ETag);
    }

    [Fact]
    public async Task Commits_TriggerBackgroundCheckpoints_AndAReopenedFileHoldsEveryCommit()
    {
        var path = _dir.File("cp.db");
        var database = new SqliteDatabase(path);
        var drops = new SqliteDropStore(database);
        string? etag = null;
        const int Writes = (2 * SqliteDatabase.CheckpointEveryCommits) + 7;
        for (var i = 0; i < Writes; i++)
        {
            etag = await drops.WriteAsync("drop-1", BitConverter.GetBytes(i), etag, [], CancellationToken.None).WithTimeout();
        }

        var checkpointed = await Eventually.TrueAsync(() => Task.FromResult(database.Checkpoints >= 1 && !database.CheckpointInProgress));
        var reopened = await new SqliteDropStore(new SqliteDatabase(path)).ReadStateAsync("drop-1", CancellationToken.None).WithTimeout();

        Assert.True(checkpointed);
        Assert.Equal(0, database.CheckpointFailures);
        Assert.Equal(etag, reopened!.Etag);
        Assert.Equal(Writes - 1, BitConverter.ToInt32(reopened.Data));
    }
}
