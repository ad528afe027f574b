using System.Globalization;

namespace FlashSale.Runtime.Storage;

/// <summary>A cached upsert shape: the statement for one row and the columns its parameters bind,
/// in order. Multi-row statements were measured slower on SQLite (BenchmarkDotNet, 64-grab batches:
/// 65 µs a grab against 26 µs with one prepared single-row statement re-stepped per row), so a
/// provider reuses this statement for every row of the shape instead.</summary>
internal sealed class UpsertStatement
{
    private readonly string[] _columns;

    public UpsertStatement(string table, string insert, string conflict, string[] columns)
    {
        Table = table;
        _columns = columns;
        Columns = columns;
        Parameters = [.. columns.Select((_, i) => "p" + i.ToString(CultureInfo.InvariantCulture))];
        Sql = $"{insert}({string.Join(", ", Parameters.Select(p => "@" + p))}) {conflict}";
    }

    /// <summary>The single-row upsert, parameters <c>@p{i}</c> binding <see cref="Columns"/>[i].</summary>
    public string Sql { get; }

    /// <summary>Parameter names without the @, in column order.</summary>
    public IReadOnlyList<string> Parameters { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>The table the statement writes.</summary>
    public string Table { get; }

    /// <summary>Whether <paramref name="row"/> has exactly this shape: same table, same columns in
    /// the same order (compared without allocating).</summary>
    public bool Matches(StagedRow row)
    {
        if (!string.Equals(row.Table.Name, Table, StringComparison.Ordinal) || row.Values.Count != _columns.Length)
        {
            return false;
        }

        var i = 0;
        foreach (var name in row.Values.Keys)
        {
            if (!string.Equals(name, _columns[i++], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
