using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>The "grain_state" table in SQLite: one row per (grain_type, grain_key) with the state
/// bytes and the integer version that is its ETag. A write is one conditional INSERT or UPDATE whose
/// affected-row count says whether the version still matched.</summary>
internal static class SqliteGrainStateTable
{
    public const string SelectSql = "SELECT version, data FROM grain_state WHERE grain_type = $type AND grain_key = $key";

    public const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, data, updated_at)
        VALUES ($type, $key, 1, $data, $now) ON CONFLICT DO NOTHING
        """;

    public const string UpdateSql = """
        UPDATE grain_state SET version = version + 1, data = $data, updated_at = $now
        WHERE grain_type = $type AND grain_key = $key AND version = $expected
        """;

    public const string DeleteSql = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND version = $expected";

    public const string VersionSql = "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key";

    public static void BindKey(SqliteCommand command, string type, string key)
    {
        command.Parameters.AddWithValue("$type", type);
        command.Parameters.AddWithValue("$key", key);
    }

    /// <summary>Binds the cached INSERT (no <paramref name="expected"/>) or UPDATE command.</summary>
    public static void BindWrite(SqliteCommand command, string type, string key, ReadOnlyMemory<byte> data, long? expected)
    {
        var p = expected is null
            ? SqliteColumns.Ensure(command, "$type", "$key", "$data", "$now")
            : SqliteColumns.Ensure(command, "$type", "$key", "$data", "$now", "$expected");
        p[0].Value = type;
        p[1].Value = key;
        p[2].SqliteType = SqliteType.Blob;
        p[2].Value = data.ToArray();
        p[3].Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        if (expected is { } version)
        {
            p[4].Value = version;
        }
    }
}
