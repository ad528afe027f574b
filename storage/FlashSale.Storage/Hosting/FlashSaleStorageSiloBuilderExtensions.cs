using FlashSale.Storage.Domain;
using FlashSale.Storage.Memory;
using FlashSale.Storage.Postgres;
using FlashSale.Storage.Resilience;
using FlashSale.Storage.Serialization;
using FlashSale.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Hosting;

/// <summary>Registers FlashSale's storage in a silo.</summary>
public static class FlashSaleStorageSiloBuilderExtensions
{
    /// <summary>Registers, for <see cref="FlashSaleStorageOptions.Kind"/>: the named grain storage
    /// <see cref="FlashSaleStorage.ProviderName"/> (our SQLite provider, Orleans' ADO.NET provider
    /// with the protobuf serializer, or memory) behind the resilience decorator, and as the default
    /// grain storage unless turned off; the reminder table (ours on SQLite, Orleans' ADO.NET one on
    /// PostgreSQL, Orleans' in-memory service); <see cref="IDropStore"/>, <see cref="IWalletStore"/>
    /// and <see cref="IAbuseStore"/> singletons; and the start step that applies PostgreSQL migrations or creates the SQLite schema.
    /// Cluster membership is not registered here (the silo chooses localhost or ADO.NET clustering;
    /// migration 0008 carries the membership tables).</summary>
    public static ISiloBuilder AddFlashSaleStorage(this ISiloBuilder silo, FlashSaleStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        var services = silo.Services;
        services.AddSingleton(sp => new StorageResilience(options.Resilience, sp.GetService<ILoggerFactory>()?.CreateLogger<StorageResilience>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StartupParticipant>();
        switch (options.Kind)
        {
            case FlashSaleStorageOptions.SqliteKind:
                AddSqlite(silo, options);
                break;
            case FlashSaleStorageOptions.PostgresKind:
                AddPostgres(silo, options);
                break;
            case FlashSaleStorageOptions.MemoryKind:
                services.AddKeyedSingleton<IGrainStorage>(FlashSaleStorage.ProviderName, (_, _) => new InMemoryGrainStorage());
                services.AddSingleton<IDropStore, InMemoryDropStore>();
                services.AddSingleton<IWalletStore, InMemoryWalletStore>();
                services.AddSingleton<IAbuseStore, InMemoryAbuseStore>();
                silo.UseInMemoryReminderService();
                break;
            default:
                throw new ArgumentException($"unknown storage kind '{options.Kind}' (sqlite, postgres or memory)", nameof(options));
        }

        if (options.UseAsDefaultGrainStorage)
        {
            services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => sp.GetRequiredKeyedService<IGrainStorage>(FlashSaleStorage.ProviderName));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IGrainStorage>(FlashSaleStorage.ProviderName));
        }

        return silo;
    }

    private static void AddSqlite(ISiloBuilder silo, FlashSaleStorageOptions options)
    {
        var services = silo.Services;
        services.AddSingleton(_ => new SqliteDatabase(options.SqlitePath, powerCutSafe: options.SqlitePowerCutSafe));
        services.AddKeyedSingleton<IGrainStorage>(FlashSaleStorage.ProviderName, (sp, _) => Resilient(sp, new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>())));
        services.AddSingleton(sp => Resilient(sp, (IDropStore)new SqliteDropStore(sp.GetRequiredService<SqliteDatabase>())));
        services.AddSingleton(sp => Resilient(sp, (IWalletStore)new SqliteWalletStore(sp.GetRequiredService<SqliteDatabase>())));
        services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IAbuseStore>(sp => new SqliteAbuseStore(sp.GetRequiredService<SqliteDatabase>()));
        silo.AddReminders();
    }

    private static void AddPostgres(ISiloBuilder silo, FlashSaleStorageOptions options)
    {
        var connectionString = options.PostgresConnectionString is { Length: > 0 } configured
            ? configured
            : throw new ArgumentException("storage kind 'postgres' needs PostgresConnectionString", nameof(options));
        var services = silo.Services;
        services.AddSingleton(sp => new PostgresDatabase(connectionString, sp.GetService<ILogger<PostgresDatabase>>()));
        silo.AddAdoNetGrainStorage(FlashSaleStorage.AdoNetProviderName, o =>
        {
            o.Invariant = FlashSaleStorage.PostgresInvariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = ProtobufGrainStorageSerializer.Instance;
        });
        services.AddKeyedSingleton<IGrainStorage>(FlashSaleStorage.ProviderName, (sp, _) => Resilient(sp, sp.GetRequiredKeyedService<IGrainStorage>(FlashSaleStorage.AdoNetProviderName)));
        services.AddSingleton(sp => Resilient(sp, (IDropStore)new PostgresDropStore(sp.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton(sp => Resilient(sp, (IWalletStore)new PostgresWalletStore(sp.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton<IAbuseStore>(sp => new PostgresAbuseStore(sp.GetRequiredService<PostgresDatabase>()));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = FlashSaleStorage.PostgresInvariant;
            o.ConnectionString = connectionString;
        });
    }

    private static IGrainStorage Resilient(IServiceProvider services, IGrainStorage inner)
    {
        var resilience = services.GetRequiredService<StorageResilience>();
        return resilience.Options.Enabled ? new ResilientGrainStorage(inner, resilience) : inner;
    }

    private static IDropStore Resilient(IServiceProvider services, IDropStore inner)
    {
        var resilience = services.GetRequiredService<StorageResilience>();
        return resilience.Options.Enabled ? new ResilientDropStore(inner, resilience) : inner;
    }

    private static IWalletStore Resilient(IServiceProvider services, IWalletStore inner)
    {
        var resilience = services.GetRequiredService<StorageResilience>();
        return resilience.Options.Enabled ? new ResilientWalletStore(inner, resilience) : inner;
    }
}
