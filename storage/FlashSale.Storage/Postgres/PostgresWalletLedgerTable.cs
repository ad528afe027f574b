using FlashSale.Storage.Domain;
using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Storage.Postgres;

/// <summary>The "wallet_ledger" table in PostgreSQL (migration 0003): entries keyed by (user,
/// entry), inserted once and never changed.</summary>
internal sealed class PostgresWalletLedgerTable : IPostgresRowTable<LedgerRow>
{
    private const string Columns = "user_id, entry_id, amount, balance_after, kind, reference, at";

    private const string WriteSql = $"""
        INSERT INTO wallet_ledger ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (user_id, entry_id) DO NOTHING
        """;

    public const string SelectByUserSql = $"SELECT {Columns} FROM wallet_ledger WHERE user_id = $1 ORDER BY at, entry_id COLLATE \"C\"";

    public static NpgsqlBatchCommand Write(LedgerRow row) => new(WriteSql)
    {
        Parameters =
        {
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.UserId },
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.EntryId },
            new NpgsqlParameter<long>() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = row.Amount },
            new NpgsqlParameter<long>() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = row.BalanceAfter },
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.Kind },
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.Reference },
            PostgresColumns.Timestamp(row.At),
        },
    };

    public static LedgerRow Read(NpgsqlDataReader r) => new()
    {
        UserId = r.GetString(0),
        EntryId = r.GetString(1),
        Amount = PostgresColumns.ReadInteger(r, 2),
        BalanceAfter = PostgresColumns.ReadInteger(r, 3),
        Kind = PostgresColumns.ReadText(r, 4),
        Reference = PostgresColumns.ReadText(r, 5),
        At = PostgresColumns.ReadTimestamp(r, 6) ?? DateTimeOffset.MinValue,
    };
}
