using FlashSale.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Hosting;

/// <summary>Configures the grain runtime: grain types and storage providers.</summary>
public interface IGrainRuntimeBuilder
{
    IServiceCollection Services { get; }

    /// <summary>Registers a grain type: its interface, implementation (constructed with DI,
    /// <see cref="IPersistentState{TState}"/> parameters bound to the activation), hand-written
    /// reference and method table.</summary>
    IGrainRuntimeBuilder AddGrain<TInterface, TImplementation>(
        string grainType,
        Func<IGrainCallInvoker, GrainId, TInterface> referenceFactory,
        IReadOnlyList<GrainMethod> methods)
        where TInterface : class, IGrainWithStringKey
        where TImplementation : Grain, TInterface;

    /// <summary>Grain state and reminders in memory (the default; lost on restart).</summary>
    IGrainRuntimeBuilder UseInMemoryStorage();

    /// <summary>Grain state and reminders in a SQLite file (created with its directory; WAL mode),
    /// behind the storage resilience layer unless <c>GrainRuntimeOptions.StorageResilience.Enabled</c> is false.</summary>
    IGrainRuntimeBuilder UseSqliteStorage(string databasePath);

    /// <summary>Grain state, reminders and the orders / wallet_ledger tables in PostgreSQL, behind the
    /// storage resilience layer (unless disabled). The schema migration runs when the host starts
    /// (and before the first storage call if the database was down then).</summary>
    IGrainRuntimeBuilder UsePostgresStorage(string connectionString);

    /// <summary>Any other provider (PostgreSQL, ...).</summary>
    IGrainRuntimeBuilder UseStorage(Func<IServiceProvider, IGrainStorage> storage, Func<IServiceProvider, IReminderTable> reminders);
}
