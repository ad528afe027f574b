using FlashSale.Storage.Domain;
using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Storage.Postgres;

/// <summary>Drops in PostgreSQL: state in "grain_state" under ("drop", dropId), orders in "orders".</summary>
public sealed class PostgresDropStore(PostgresDatabase database) : IDropStore
{
    public Task<OwnedState?> ReadStateAsync(string dropId, CancellationToken cancellationToken) =>
        PostgresStates.ReadAsync(database, Sqlite.SqliteDropStore.GrainType, dropId, cancellationToken);

    public Task<IReadOnlyList<OrderRow>> ReadOrdersAsync(string dropId, CancellationToken cancellationToken) =>
        PostgresStates.QueryAsync(database, PostgresOrdersTable.SelectByDropSql, [PostgresColumns.Text(dropId)], PostgresOrdersTable.Read, cancellationToken);

    public Task<string> WriteAsync(string dropId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<OrderRow> orders, CancellationToken cancellationToken) =>
        PostgresStates.WriteAsync<PostgresOrdersTable, OrderRow>(database, Sqlite.SqliteDropStore.GrainType, dropId, state, expectedEtag, orders, cancellationToken);

    public Task<IReadOnlyList<string>> OrderIdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken) =>
        PostgresStates.QueryAsync(
            database,
            PostgresOrdersTable.SelectIdsByUserSql,
            [PostgresColumns.Text(userId), new NpgsqlParameter<int>() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = limit }],
            r => r.GetString(0),
            cancellationToken);
}
