using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;
using FlashSale.Runtime.Storage.Postgres;
using FlashSale.Runtime.Storage.Resilience;
using FlashSale.Runtime.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Runtime.Hosting;

internal sealed class GrainRuntimeBuilder(IServiceCollection services) : IGrainRuntimeBuilder
{
    public IServiceCollection Services { get; } = services;

    public IGrainRuntimeBuilder AddGrain<TInterface, TImplementation>(
        string grainType,
        Func<IGrainCallInvoker, GrainId, TInterface> referenceFactory,
        IReadOnlyList<GrainMethod> methods)
        where TInterface : class, IGrainWithStringKey
        where TImplementation : Grain, TInterface
    {
        ArgumentException.ThrowIfNullOrEmpty(grainType);
        ArgumentNullException.ThrowIfNull(referenceFactory);
        ArgumentNullException.ThrowIfNull(methods);
        Services.AddSingleton(new GrainRegistration(
            grainType,
            typeof(TInterface),
            typeof(TImplementation),
            (invoker, id) => referenceFactory(invoker, id),
            methods));
        return this;
    }

    public IGrainRuntimeBuilder UseInMemoryStorage() =>
        UseStorage(static _ => new InMemoryGrainStorage(), static _ => new InMemoryReminderTable());

    public IGrainRuntimeBuilder UseSqliteStorage(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        Services.RemoveAll<SqliteDatabase>();
        Services.AddSingleton(_ => new SqliteDatabase(databasePath));
        return UseResilientStorage(
            static sp => new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>()),
            static sp => new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>()));
    }

    public IGrainRuntimeBuilder UsePostgresStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        Services.RemoveAll<PostgresDatabase>();
        Services.AddSingleton(sp => new PostgresDatabase(connectionString, sp.GetService<ILogger<PostgresDatabase>>()));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresMigrationService>());
        return UseResilientStorage(
            static sp => new PostgresGrainStorage(sp.GetRequiredService<PostgresDatabase>()),
            static sp => new PostgresReminderTable(sp.GetRequiredService<PostgresDatabase>()));
    }

    // One resilience pipeline (one circuit) for the backend behind both the state and the reminders.
    private IGrainRuntimeBuilder UseResilientStorage(Func<IServiceProvider, IGrainStorage> storage, Func<IServiceProvider, IReminderTable> reminders)
    {
        Services.TryAddSingleton(static sp => new StorageResilience(
            sp.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value.StorageResilience,
            sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(StorageResilience).FullName!)));
        return UseStorage(
            sp => Enabled(sp) ? new ResilientGrainStorage(storage(sp), sp.GetRequiredService<StorageResilience>()) : storage(sp),
            sp => Enabled(sp) ? new ResilientReminderTable(reminders(sp), sp.GetRequiredService<StorageResilience>()) : reminders(sp));

        static bool Enabled(IServiceProvider sp) => sp.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value.StorageResilience.Enabled;
    }

    public IGrainRuntimeBuilder UseStorage(Func<IServiceProvider, IGrainStorage> storage, Func<IServiceProvider, IReminderTable> reminders)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(reminders);
        Services.RemoveAll<IGrainStorage>();
        Services.RemoveAll<IReminderTable>();
        Services.AddSingleton(storage);
        Services.AddSingleton(reminders);
        return this;
    }
}
