using System.Text;

namespace FlashSale.Runtime.Storage;

/// <summary>The upsert statement both SQL providers run for a <see cref="StagedRow"/>
/// (PostgreSQL and SQLite share the ON CONFLICT syntax). Table and column names come only from
/// <see cref="StagedRowSchema"/>; values always travel as parameters.</summary>
internal static class StagedRowSql
{
    /// <summary>Returns the statement and its parameters, named <c>@{prefix}_{i}</c>.</summary>
    public static (string Sql, IReadOnlyList<(string Parameter, string Column, object? Value)> Parameters) Upsert(StagedRow row, string prefix)
    {
        var columns = new StringBuilder();
        var values = new StringBuilder();
        var updates = new StringBuilder();
        var parameters = new List<(string Parameter, string Column, object? Value)>(row.Columns.Count);
        foreach (var (column, value) in row.Columns)
        {
            var parameter = $"@{prefix}_{parameters.Count}";
            parameters.Add((parameter, column, value));
            Append(columns, column);
            Append(values, parameter);
            if (!row.Table.KeyColumns.Contains(column))
            {
                Append(updates, $"{column} = excluded.{column}");
            }
        }

        var conflict = $"ON CONFLICT ({string.Join(", ", row.Table.KeyColumns)}) " +
            (updates.Length == 0 ? "DO NOTHING" : $"DO UPDATE SET {updates}");
        return ($"INSERT INTO {row.Table.Name} ({columns}) VALUES ({values}) {conflict}", parameters);
    }

    /// <summary>Every column of a table, key columns first, for reading rows back.</summary>
    public static string SelectAll(StagedRowTable table) =>
        $"SELECT {string.Join(", ", table.Columns.Keys)} FROM {table.Name} ORDER BY {string.Join(", ", table.KeyColumns)}";

    public static StagedRowTable Table(string name) =>
        StagedRowSchema.Tables.TryGetValue(name, out var table)
            ? table
            : throw new ArgumentException($"table '{name}' is not a staged-row table", nameof(name));

    private static void Append(StringBuilder builder, string text)
    {
        if (builder.Length > 0)
        {
            builder.Append(", ");
        }

        builder.Append(text);
    }
}
