using FlashSale.Storage.Domain;

namespace FlashSale.Storage.Sqlite;

/// <summary>Wallets in SQLite: state in "grain_state" under ("wallet", userId), entries in "wallet_ledger".</summary>
public sealed class SqliteWalletStore(SqliteDatabase database) : IWalletStore
{
    /// <summary>The grain_state type of a wallet's state row.</summary>
    public const string GrainType = "wallet";

    public Task<OwnedState?> ReadStateAsync(string userId, CancellationToken cancellationToken) =>
        SqliteStates.ReadAsync(database, GrainType, userId, cancellationToken);

    public Task<string> WriteAsync(string userId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<LedgerRow> entries, CancellationToken cancellationToken) =>
        SqliteStates.WriteAsync<SqliteWalletLedgerTable, LedgerRow>(database, GrainType, userId, state, expectedEtag, entries, cancellationToken);

    public Task<IReadOnlyList<LedgerRow>> ReadLedgerAsync(string userId, CancellationToken cancellationToken) =>
        SqliteStates.QueryAsync(database, SqliteWalletLedgerTable.SelectByUserSql, c => c.Parameters.AddWithValue("$user_id", userId), SqliteWalletLedgerTable.Read, cancellationToken);
}
