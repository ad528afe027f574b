namespace FlashSale.Runtime.Storage;

/// <summary>A queryable row (an order, a ledger entry) to upsert in the same transaction as a
/// grain's next state write. Built through <see cref="StagedRow.Create"/>, which checks the table
/// and columns against <see cref="StagedRowSchema"/> so nothing but whitelisted names reaches SQL.</summary>
public sealed class StagedRow
{
    private StagedRow(StagedRowTable table, Dictionary<string, object?> columns)
    {
        Table = table;
        Values = columns;
        Key = table.KeyColumns.Count == 1
            ? KeyText(columns[table.KeyColumns[0]])
            : string.Join('\u001f', table.KeyColumns.Select(c => KeyText(columns[c])));
    }

    /// <summary>The whitelisted table the row belongs to.</summary>
    public StagedRowTable Table { get; }

    /// <summary>Column values by column name: always every key column, plus the columns to set.
    /// Integers are <see cref="long"/>, timestamps <see cref="DateTimeOffset"/> (UTC).</summary>
    public IReadOnlyDictionary<string, object?> Columns => Values;

    /// <summary>The same columns, enumerable without allocating, in the order they were staged
    /// (the order of <see cref="UpsertStatement.Columns"/> once <see cref="Shape"/> is set).</summary>
    internal Dictionary<string, object?> Values { get; }

    /// <summary>The row's primary key, in key-column order (used to upsert in memory).</summary>
    public string Key { get; }

    /// <summary>The row's cached upsert shape (set by the SQL providers on first use).</summary>
    internal UpsertStatement? Shape { get; set; }

    /// <summary>Validates and copies a row: the table must be whitelisted, every key column present
    /// and non-null, every column known and its value of the column's type.</summary>
    /// <exception cref="ArgumentException">Unknown table or column, missing key, wrong value type.</exception>
    public static StagedRow Create(string table, IReadOnlyDictionary<string, object?> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(columns);
        if (!StagedRowSchema.Tables.TryGetValue(table, out var schema))
        {
            throw new ArgumentException($"table '{table}' is not a staged-row table ({string.Join(", ", StagedRowSchema.Tables.Keys)})", nameof(table));
        }

        var copy = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
        foreach (var (name, value) in columns)
        {
            if (!schema.Columns.TryGetValue(name, out var type))
            {
                throw new ArgumentException($"table '{table}' has no column '{name}'", nameof(columns));
            }

            copy[name] = Normalize(table, name, type, value);
        }

        foreach (var key in schema.KeyColumns)
        {
            if (!copy.TryGetValue(key, out var value) || value is null)
            {
                throw new ArgumentException($"a row of '{table}' needs its key column '{key}'", nameof(columns));
            }
        }

        return new StagedRow(schema, copy);
    }

    private static string KeyText(object? value) =>
        Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    private static object? Normalize(string table, string column, StagedColumnType type, object? value) => (type, value) switch
    {
        (_, null) => null,
        (StagedColumnType.Text, string text) => text,
        (StagedColumnType.Integer, long number) => number,
        (StagedColumnType.Integer, int number) => (long)number,
        // Already UTC: keep the caller's boxed value rather than boxing a copy.
        (StagedColumnType.Timestamp, DateTimeOffset at) => at.Offset == TimeSpan.Zero ? value : at.ToUniversalTime(),
        (StagedColumnType.Timestamp, DateTime at) when at.Kind == DateTimeKind.Utc => new DateTimeOffset(at),
        _ => throw new ArgumentException($"column '{table}.{column}' is {type}; got {value.GetType().Name}", nameof(value)),
    };
}
