using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Storage.Postgres;

/// <summary>The "grain_state" table in PostgreSQL (migration 0001), used by the domain stores for
/// the drop and wallet states: (grain_type, grain_key) → data and the integer version that is the ETag.</summary>
internal static class PostgresGrainStateTable
{
    public const string SelectSql = "SELECT version, data FROM grain_state WHERE grain_type = $1 AND grain_key = $2";

    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, data, updated_at)
        VALUES ($1, $2, 1, $3, now()) ON CONFLICT DO NOTHING
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET version = version + 1, data = $3, updated_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND version = $4
        """;

    public static NpgsqlParameter[] Key(string type, string key) =>
    [
        new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = type },
        new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = key },
    ];

    /// <summary>The conditional INSERT (nothing stored yet) or UPDATE (of version <paramref name="expected"/>).</summary>
    public static NpgsqlBatchCommand Write(string type, string key, ReadOnlyMemory<byte> data, long? expected)
    {
        var command = new NpgsqlBatchCommand(expected is null ? InsertSql : UpdateSql);
        command.Parameters.AddRange(Key(type, key));
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>() { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = data });
        if (expected is { } version)
        {
            command.Parameters.Add(new NpgsqlParameter<long>() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = version });
        }

        return command;
    }
}
