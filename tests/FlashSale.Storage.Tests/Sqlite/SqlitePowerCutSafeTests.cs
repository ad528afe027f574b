using FlashSale.Storage.Sqlite;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing;

namespace FlashSale.Storage.Tests.Sqlite;

/// <summary>The power-cut-safe setting decides SQLite's <c>synchronous</c> level on every pooled
/// connection: NORMAL (1) by default, FULL (2) when set — as SQLite itself reports it.</summary>
public sealed class SqlitePowerCutSafeTests
{
    [Theory]
    [InlineData(false, 1L)]
    [InlineData(true, 2L)]
    public async Task EveryConnection_UsesTheConfiguredSynchronousLevel(bool powerCutSafe, long expected)
    {
        using var dir = new TempDirectory();
        var database = new SqliteDatabase(dir.File("flashsale.db"), powerCutSafe: powerCutSafe);
        Assert.Equal(powerCutSafe, database.PowerCutSafe);

        // Two connections open at once: the level is per connection, so both must carry it.
        await using var first = await database.OpenAsync(CancellationToken.None).WithTimeout();
        await using var second = await database.OpenAsync(CancellationToken.None).WithTimeout();
        foreach (var connection in new[] { first, second })
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            Assert.Equal(expected, (long)(await command.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task PowerCutSafe_WritesAndReadsBackRowsInWalMode()
    {
        using var dir = new TempDirectory();
        var database = new SqliteDatabase(dir.File("flashsale.db"), powerCutSafe: true);
        await using var connection = await database.OpenAsync(CancellationToken.None).WithTimeout();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b');";
            await create.ExecuteNonQueryAsync();
        }

        using var check = connection.CreateCommand();
        check.CommandText = "SELECT (SELECT COUNT(*) FROM t) || ':' || (SELECT journal_mode FROM pragma_journal_mode)";
        Assert.Equal("2:wal", (string)(await check.ExecuteScalarAsync())!);
    }
}
