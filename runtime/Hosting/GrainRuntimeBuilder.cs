using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;
using FlashSale.Runtime.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        return UseStorage(
            static sp => new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>()),
            static sp => new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>()));
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
