using FlashSale.Storage.Domain;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>The "wallet_ledger" table in SQLite: entries keyed by (user, entry), inserted once and
/// never changed (a retried operation that re-sends an entry leaves the stored one).</summary>
internal sealed class SqliteWalletLedgerTable : ISqliteRowTable<LedgerRow>
{
    private const string Columns = "user_id, entry_id, amount, balance_after, kind, reference, at";

    public static string WriteSql => $"""
        INSERT INTO wallet_ledger ({Columns})
        VALUES ($user_id, $entry_id, $amount, $balance_after, $kind, $reference, $at)
        ON CONFLICT (user_id, entry_id) DO NOTHING
        """;

    public const string SelectByUserSql = $"SELECT {Columns} FROM wallet_ledger WHERE user_id = $user_id ORDER BY at, entry_id";

    public static void Bind(SqliteCommand command, LedgerRow row)
    {
        var p = SqliteColumns.Ensure(command, "$user_id", "$entry_id", "$amount", "$balance_after", "$kind", "$reference", "$at");
        p[0].Value = row.UserId;
        p[1].Value = row.EntryId;
        p[2].Value = row.Amount;
        p[3].Value = row.BalanceAfter;
        p[4].Value = row.Kind;
        p[5].Value = row.Reference;
        p[6].Value = SqliteColumns.Timestamp(row.At);
    }

    public static LedgerRow Read(SqliteDataReader r) => new()
    {
        UserId = r.GetString(0),
        EntryId = r.GetString(1),
        Amount = SqliteColumns.ReadInteger(r, 2),
        BalanceAfter = SqliteColumns.ReadInteger(r, 3),
        Kind = SqliteColumns.ReadText(r, 4),
        Reference = SqliteColumns.ReadText(r, 5),
        At = SqliteColumns.ReadTimestamp(r, 6),
    };
}
