namespace FlashSale.Runtime.Storage;

/// <summary>The upsert statement both SQL providers run for a <see cref="StagedRow"/>
/// (PostgreSQL and SQLite share the ON CONFLICT syntax). Table and column names come only from
/// <see cref="StagedRowSchema"/>; values always travel as parameters.</summary>
internal static class StagedRowSql
{
    // Grains stage a handful of row shapes (all columns of an order, of a ledger entry), so this stays tiny.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, UpsertStatement> Shapes = new(StringComparer.Ordinal);
    private const int MaxRecentShapes = 16;
    private static volatile UpsertStatement[] _recent = [];

    /// <summary>The upsert shape of <paramref name="row"/>: its statement and columns, cached per table
    /// and column set, so rows of the same shape (every order row of a batch) share one instance and a
    /// provider can reuse one prepared command for them.</summary>
    public static UpsertStatement UpsertShape(StagedRow row)
    {
        if (row.Shape is { } known)
        {
            return known;
        }

        // Every row is new, so the lookup runs once per row: the shapes seen so far are compared
        // column by column first (building the string key per row showed in the grab profile).
        foreach (var shape in _recent)
        {
            if (shape.Matches(row))
            {
                return row.Shape = shape;
            }
        }

        var created = Shapes.GetOrAdd(row.Table.Name + ":" + string.Join(',', row.Columns.Keys), static (_, r) => CreateShape(r), row);
        var recent = _recent;
        if (recent.Length < MaxRecentShapes && Array.IndexOf(recent, created) < 0)
        {
            // A lost race only drops a shape from the fast list; the dictionary above still has it.
            _recent = [.. recent, created];
        }

        return row.Shape = created;
    }

    private static UpsertStatement CreateShape(StagedRow row)
    {
        var columns = row.Columns.Keys.ToArray();
        var updates = columns.Where(c => !row.Table.KeyColumns.Contains(c)).Select(c => $"{c} = excluded.{c}").ToArray();
        var conflict = $"ON CONFLICT ({string.Join(", ", row.Table.KeyColumns)}) " +
            (updates.Length == 0 ? "DO NOTHING" : $"DO UPDATE SET {string.Join(", ", updates)}");
        return new UpsertStatement(row.Table.Name, $"INSERT INTO {row.Table.Name} ({string.Join(", ", columns)}) VALUES ", conflict, columns);
    }

    /// <summary>Every column of a table, key columns first, for reading rows back.</summary>
    public static string SelectAll(StagedRowTable table) =>
        $"SELECT {string.Join(", ", table.Columns.Keys)} FROM {table.Name} ORDER BY {string.Join(", ", table.KeyColumns)}";

    /// <summary>Every column of a table for the rows whose <paramref name="column"/> equals the
    /// parameter <c>@value</c> (SQLite and PostgreSQL both accept the @ prefix).</summary>
    public static string SelectWhere(StagedRowTable table, string column) =>
        $"SELECT {string.Join(", ", table.Columns.Keys)} FROM {table.Name} WHERE {column} = @value ORDER BY {string.Join(", ", table.KeyColumns)}";

    /// <summary>The rows whose <paramref name="column"/>, the table's key-prefix column, equals
    /// <c>@value</c>, found through the primary-key range [<c>@low</c>, <c>@high</c>) that
    /// <see cref="KeyPrefixRange"/> gives (the equality still filters: values may contain '/').</summary>
    public static string SelectByKeyPrefix(StagedRowTable table, string column) =>
        $"SELECT {string.Join(", ", table.Columns.Keys)} FROM {table.Name} " +
        $"WHERE {table.KeyColumns[0]} >= @low AND {table.KeyColumns[0]} < @high AND {column} = @value ORDER BY {table.KeyColumns[0]}";

    /// <summary>Whether reads by <paramref name="column"/> can use <see cref="SelectByKeyPrefix"/>.</summary>
    public static bool IsKeyPrefix(StagedRowTable table, string column) =>
        table.KeyColumns.Count == 1 && string.Equals(table.KeyPrefixColumn, column, StringComparison.Ordinal);

    /// <summary>Every key that starts with value + '/' sorts (bytewise) in [value + '/', value + '0'):
    /// '0' is the character right after '/'.</summary>
    public static (string Low, string High) KeyPrefixRange(string value) => (value + "/", value + "0");

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
}
