using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>A table of typed domain rows written in the same transaction as a grain's state: its
/// write statement and how a row binds to it. One implementation per table.</summary>
internal interface ISqliteRowTable<in TRow>
{
    /// <summary>The single-row write (upsert or insert-if-absent), prepared once per session.</summary>
    static abstract string WriteSql { get; }

    /// <summary>Sets the row's values on the (cached) write command.</summary>
    static abstract void Bind(SqliteCommand command, TRow row);
}
