using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FlashSale.Runtime.Storage.Sqlite;

/// <summary>An open connection that keeps its prepared statements. Preparing a statement costs
/// more than running it (the order upsert has 16 columns and an ON CONFLICT clause), so the hot
/// write path rents a session and reuses its commands instead of preparing them per write.</summary>
internal sealed class SqliteSession : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

    public SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>The native handle of the open connection.</summary>
    public sqlite3 Handle => Connection.Handle ?? throw new InvalidOperationException("the session's connection is closed");

    /// <summary>The cached command for <paramref name="sql"/>, bound to <paramref name="transaction"/>.
    /// Its parameters are kept: callers that bind by position create them once.</summary>
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

    /// <summary>The cached native statement for <paramref name="sql"/>: the staged-row upsert runs once per
    /// row, and binding through SQLitePCL directly skips the ADO.NET parameter and reader objects that
    /// each <see cref="SqliteCommand"/> execution builds. It runs in whatever transaction the
    /// connection has open.</summary>
    public sqlite3_stmt Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            var rc = raw.sqlite3_prepare_v2(Handle, sql, out statement);
            SqliteException.ThrowExceptionForRC(rc, Handle);
            _statements.Add(sql, statement);
        }

        return statement;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
