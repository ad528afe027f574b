using FlashSale.Storage.Domain;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>Maps SQLite failures that mean "the store cannot be used right now" to
/// <see cref="StorageUnavailableException"/>; anything else is a bug and stays as is.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    public static Exception Map(SqliteException exception, string path) =>
        (exception.SqliteErrorCode & 0xFF) switch
        {
            Busy or Locked or ReadOnly or IoError or Corrupt or Full or CantOpen or NotADatabase =>
                new StorageUnavailableException($"SQLite database '{path}' is unavailable: {exception.Message}", exception),
            _ => exception,
        };
}
