using FlashSale.Storage.Domain;

namespace FlashSale.Storage.Sqlite;

/// <summary>Drops in SQLite: state in "grain_state" under ("drop", dropId), orders in "orders".</summary>
public sealed class SqliteDropStore(SqliteDatabase database) : IDropStore
{
    /// <summary>The grain_state type of a drop's state row.</summary>
    public const string GrainType = "drop";

    public Task<OwnedState?> ReadStateAsync(string dropId, CancellationToken cancellationToken) =>
        SqliteStates.ReadAsync(database, GrainType, dropId, cancellationToken);

    public Task<IReadOnlyList<OrderRow>> ReadOrdersAsync(string dropId, CancellationToken cancellationToken) =>
        SqliteStates.QueryAsync(database, SqliteOrdersTable.SelectByDropSql, c => SqliteOrdersTable.BindDrop(c, dropId), SqliteOrdersTable.Read, cancellationToken);

    public Task<string> WriteAsync(string dropId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<OrderRow> orders, CancellationToken cancellationToken) =>
        SqliteStates.WriteAsync<SqliteOrdersTable, OrderRow>(database, GrainType, dropId, state, expectedEtag, orders, cancellationToken);

    public Task<IReadOnlyList<string>> OrderIdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken) =>
        SqliteStates.QueryAsync(
            database,
            SqliteOrdersTable.SelectIdsByUserSql,
            c =>
            {
                c.Parameters.AddWithValue("$user_id", userId);
                c.Parameters.AddWithValue("$limit", limit);
            },
            r => r.GetString(0),
            cancellationToken);
}
