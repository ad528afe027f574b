using FlashSale.Storage.Postgres;
using FlashSale.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace FlashSale.Storage.Hosting;

/// <summary>Prepares the store at the very first silo stage, before Orleans' ADO.NET providers read
/// their queries (clustering, storage, reminders): PostgreSQL migrations are applied (a database
/// that cannot be reached fails the start), the SQLite file and schema are created.</summary>
internal sealed class StartupParticipant(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StartupParticipant), ServiceLifecycleStage.First, StartAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<PostgresDatabase>() is { } postgres)
        {
            return postgres.EnsureMigratedAsync(cancellationToken);
        }

        // Resolving the database creates its file, folder and schema.
        _ = services.GetService<SqliteDatabase>();
        return Task.CompletedTask;
    }
}
