using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Messaging;
using FlashSale.Runtime.Reminders;
using FlashSale.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlashSale.Runtime.Hosting;

/// <summary>The engine of one silo: the catalog of activations, the call path, the idle
/// collector and the reminder poller. A DI singleton started by the hosted service (or by
/// <see cref="StartAsync"/> directly).</summary>
public sealed partial class GrainRuntime
{
    private readonly Dictionary<Type, GrainTypeInfo> _typesByInterface = [];
    private readonly Dictionary<string, GrainTypeInfo> _typesByName = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public GrainRuntime(
        IServiceProvider services,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider time,
        IEnumerable<GrainRegistration> registrations,
        IReminderTable reminders)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registrations);
        Services = services;
        Options = options.Value;
        Time = time;
        Reminders = reminders;
        Logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("FlashSale.Runtime");
        foreach (var registration in registrations)
        {
            var info = new GrainTypeInfo(registration);
            if (!_typesByName.TryAdd(registration.GrainType, info) || !_typesByInterface.TryAdd(registration.InterfaceType, info))
            {
                throw new InvalidOperationException($"grain type '{registration.GrainType}' ({registration.InterfaceType}) is registered twice");
            }
        }

        Catalog = new Catalog(this);
        Invoker = new LocalGrainCallInvoker(this);
        GrainFactory = new GrainFactory(this);
        Dispatcher = new GrainCallDispatcher(this);
        ReminderService = new ReminderService(this);
    }

    public GrainRuntimeOptions Options { get; }

    public TimeProvider Time { get; }

    public IServiceProvider Services { get; }

    public IGrainFactory GrainFactory { get; }

    /// <summary>Server side of the silo-to-silo envelope.</summary>
    public GrainCallDispatcher Dispatcher { get; }

    /// <summary>Number of live activations (for metrics and tests).</summary>
    public int ActivationCount => Catalog.Count;

    internal IReminderTable Reminders { get; }

    internal ILogger Logger { get; }

    internal Catalog Catalog { get; }

    internal IGrainCallInvoker Invoker { get; }

    internal ReminderService ReminderService { get; }

    internal CancellationToken StoppingToken => _stopping.Token;

    internal bool IsStopping => _stopping.IsCancellationRequested;

    internal void ThrowIfStopping()
    {
        if (_stopping.IsCancellationRequested)
        {
            throw new SiloUnavailableException("the grain runtime is shutting down");
        }
    }

    internal GrainTypeInfo GetTypeByInterface(Type interfaceType) =>
        _typesByInterface.TryGetValue(interfaceType, out var info)
            ? info
            : throw new InvalidOperationException($"no grain registered for interface {interfaceType}");

    internal GrainTypeInfo GetTypeByName(string grainType) =>
        _typesByName.TryGetValue(grainType, out var info)
            ? info
            : throw new KeyNotFoundException($"no grain type '{grainType}' is registered");

    internal bool TryGetTypeByName(string grainType, out GrainTypeInfo info) => _typesByName.TryGetValue(grainType, out info!);
}
