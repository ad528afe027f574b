using FlashSale.Storage.Domain;

namespace FlashSale.Storage.Postgres;

/// <summary>Wallets in PostgreSQL: state in "grain_state" under ("wallet", userId), entries in "wallet_ledger".</summary>
public sealed class PostgresWalletStore(PostgresDatabase database) : IWalletStore
{
    public Task<OwnedState?> ReadStateAsync(string userId, CancellationToken cancellationToken) =>
        PostgresStates.ReadAsync(database, Sqlite.SqliteWalletStore.GrainType, userId, cancellationToken);

    public Task<string> WriteAsync(string userId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<LedgerRow> entries, CancellationToken cancellationToken) =>
        PostgresStates.WriteAsync<PostgresWalletLedgerTable, LedgerRow>(database, Sqlite.SqliteWalletStore.GrainType, userId, state, expectedEtag, entries, cancellationToken);

    public Task<IReadOnlyList<LedgerRow>> ReadLedgerAsync(string userId, CancellationToken cancellationToken) =>
        PostgresStates.QueryAsync(database, PostgresWalletLedgerTable.SelectByUserSql, [PostgresColumns.Text(userId)], PostgresWalletLedgerTable.Read, cancellationToken);
}
