using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>An open connection that keeps its prepared commands. Preparing a statement costs more
/// than running it (the order upsert has 16 columns and an ON CONFLICT clause), so the hot write
/// path rents a session and re-runs its commands with new parameter values instead of preparing
/// them per write.</summary>
internal sealed class SqliteSession : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>The cached command for <paramref name="sql"/>, bound to <paramref name="transaction"/>.
    /// Its parameters are kept: the table classes create them on first use and set values after.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
