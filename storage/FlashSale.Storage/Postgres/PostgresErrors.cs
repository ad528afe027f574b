using FlashSale.Storage.Domain;
using Npgsql;

namespace FlashSale.Storage.Postgres;

/// <summary>Decides which PostgreSQL failures mean "the database cannot be used right now"
/// (<see cref="StorageUnavailableException"/>, retried by the resilience layer); anything else —
/// a constraint violation, bad SQL — is a bug and stays as it is.</summary>
internal static class PostgresErrors
{
    /// <summary>True for lost or refused connections, server shutdown (57P01..57P03), connection
    /// exceptions (class 08), too many connections and timeouts.</summary>
    public static bool IsUnavailable(Exception exception) => Resilience.TransientFailures.IsTransient(exception);

    public static StorageUnavailableException Unavailable(Exception exception) =>
        new($"PostgreSQL is unavailable: {exception.Message}", exception);
}
