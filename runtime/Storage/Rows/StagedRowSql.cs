using System.Text;

namespace FlashSale.Runtime.Storage;

/// <summary>The upsert statement both SQL providers run for a <see cref="StagedRow"/>
/// (PostgreSQL and SQLite share the ON CONFLICT syntax). Table and column names come only from
/// <see cref="StagedRowSchema"/>; values always travel as parameters.</summary>
internal static class StagedRowSql
{
    // Grains stage a handful of row shapes (all columns of an order, of a ledger entry), so this stays tiny.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, UpsertStatement> Shapes = new(StringComparer.Ordinal);

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

    /// <summary>The upsert of <paramref name="row"/> with parameters <c>@p_{i}</c> bound to
    /// <see cref="UpsertStatement.Columns"/> in order. Cached per table and column set: rows of the
    /// same shape get the same instance (and the same SQL string), so a provider can reuse a command.</summary>
    public static UpsertStatement UpsertShape(StagedRow row)
    {
        var shape = row.Table.Name + ":" + string.Join(',', row.Columns.Keys);
        return Shapes.GetOrAdd(shape, static (_, r) => CreateShape(r), row);
    }

    private static UpsertStatement CreateShape(StagedRow row)
    {
        var (sql, parameters) = Upsert(row, "p");
        return new UpsertStatement(sql, [.. parameters.Select(p => p.Parameter)], [.. parameters.Select(p => p.Column)]);
    }

    /// <summary>Every column of a table, key columns first, for reading rows back.</summary>
    public static string SelectAll(StagedRowTable table) =>
        $"SELECT {string.Join(", ", table.Columns.Keys)} FROM {table.Name} ORDER BY {string.Join(", ", table.KeyColumns)}";

    /// <summary>Every column of a table for the rows whose <paramref name="column"/> equals the
    /// parameter <c>@value</c> (SQLite and PostgreSQL both accept the @ prefix).</summary>
    public static string SelectWhere(StagedRowTable table, string column) =>
        $"SELECT {string.Join(", ", table.Columns.Keys)} FROM {table.Name} WHERE {column} = @value ORDER BY {string.Join(", ", table.KeyColumns)}";

    /// <summary>Checks a filtered read: the table is whitelisted and the column is one of its text
    /// columns, so the name can go into SQL.</summary>
    public static StagedRowTable Filter(string table, string column)
    {
        var schema = Table(table);
        ArgumentException.ThrowIfNullOrEmpty(column);
        return schema.Columns.TryGetValue(column, out var type) && type == StagedColumnType.Text
            ? schema
            : throw new ArgumentException($"'{column}' is not a text column of '{table}'", nameof(column));
    }

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

/// <summary>A cached upsert: its SQL, parameter names and the columns they bind, in order.</summary>
internal sealed record UpsertStatement(string Sql, IReadOnlyList<string> Parameters, IReadOnlyList<string> Columns);
