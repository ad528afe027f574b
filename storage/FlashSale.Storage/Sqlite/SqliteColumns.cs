using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>How the SQLite tables store values: timestamps as ISO-8601 UTC text ("O": sortable and
/// readable in plain SQL, as the files written before have them), money and counts as integers.
/// Columns that older versions may have left null read back as empty or zero.</summary>
internal static class SqliteColumns
{
    /// <summary>The command's parameters, created on its first use (cached commands keep them).</summary>
    public static SqliteParameterCollection Ensure(SqliteCommand command, params ReadOnlySpan<string> names)
    {
        if (command.Parameters.Count == 0)
        {
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        return command.Parameters;
    }

    public static object Text(string? value) => value ?? (object)DBNull.Value;

    public static object Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static object Timestamp(DateTimeOffset? value) => value is { } at ? Timestamp(at) : DBNull.Value;

    public static string ReadText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? string.Empty : reader.GetString(ordinal);

    public static string? ReadOptionalText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long ReadInteger(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);

    public static DateTimeOffset? ReadOptionalTimestamp(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal)
            ? null
            : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    public static DateTimeOffset ReadTimestamp(SqliteDataReader reader, int ordinal) => ReadOptionalTimestamp(reader, ordinal) ?? DateTimeOffset.MinValue;
}
