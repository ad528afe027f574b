using System.Net.Sockets;
using FlashSale.Storage.Domain;
using Npgsql;
using Polly.Timeout;

namespace FlashSale.Storage.Resilience;

/// <summary>Which failures mean "the store cannot be reached right now" — worth a retry, and
/// counted by the circuit breaker. Our providers already throw <see cref="StorageUnavailableException"/>
/// for those; Orleans' ADO.NET providers let Npgsql's exceptions through (sometimes wrapped), so the
/// exception and its inner exceptions are examined. A version conflict, a constraint violation or
/// bad SQL is an answer or a bug, never transient.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case Orleans.Storage.InconsistentStateException:
                    return false;
                case StorageUnavailableException or TimeoutRejectedException:
                    return true;
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P0", StringComparison.Ordinal)
                        || postgres.SqlState == PostgresErrorCodes.TooManyConnections
                        || postgres.SqlState == PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
