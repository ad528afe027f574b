using FlashSale.LoadTests.Cli;

namespace FlashSale.LoadTests.Tests.Cli;

/// <summary>Benchmark switches of the embedded silo: storage, PostgreSQL connection string and group commit.</summary>
public sealed class EmbeddedSiloOptionTests
{
    [Fact]
    public void Parse_PostgresWithConnectionAndGroupCommitOff_SetsAll()
    {
        var options = LoadCommand.Parse(["hot-drop", "--embedded", "--storage", "postgres", "--postgres", "Host=127.0.0.1;Port=5432", "--group-commit", "off"]);

        Assert.Equal("postgres", options.Storage);
        Assert.Equal("Host=127.0.0.1;Port=5432", options.Postgres);
        Assert.False(options.GroupCommit);
    }

    [Fact]
    public void Parse_Defaults_KeepTheSilosGroupCommitAndSqlite()
    {
        var options = LoadCommand.Parse(["hot-drop", "--embedded"]);

        Assert.Equal("sqlite", options.Storage);
        Assert.Null(options.Postgres);
        Assert.Null(options.GroupCommit);
    }

    [Theory]
    [InlineData("hot-drop", "--embedded", "--storage", "postgres")]
    [InlineData("hot-drop", "--embedded", "--group-commit", "maybe")]
    [InlineData("hot-drop", "--target", "127.0.0.1:5000", "--group-commit", "on")]
    [InlineData("hot-drop", "--embedded", "--storage", "oracle")]
    public void Parse_InvalidEmbeddedSiloOptions_IsAUsageError(params string[] args)
    {
        Assert.Throws<UsageException>(() => LoadCommand.Parse(args));
    }
}
