using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Activation;

/// <summary>Everything the engine needs about one grain type, built once at start-up: the
/// constructor factory (no reflection per activation) and the method table by wire id.</summary>
internal sealed class GrainTypeInfo
{
    private readonly ObjectFactory _factory;
    private readonly Dictionary<int, GrainMethod> _methodsById;

    public GrainTypeInfo(GrainRegistration registration)
    {
        Registration = registration;
        _factory = ActivatorUtilities.CreateFactory(registration.ImplementationType, Type.EmptyTypes);
        _methodsById = new Dictionary<int, GrainMethod>(registration.Methods.Count);
        foreach (var method in registration.Methods)
        {
            if (!_methodsById.TryAdd(method.Id, method))
            {
                throw new InvalidOperationException($"grain type '{registration.GrainType}' has two methods with id {method.Id}");
            }
        }
    }

    public GrainRegistration Registration { get; }

    public string GrainType => Registration.GrainType;

    public bool TryGetMethod(int id, out GrainMethod method) => _methodsById.TryGetValue(id, out method!);

    /// <summary>Constructs the grain with DI; <see cref="IPersistentState{TState}"/> parameters bind
    /// to <paramref name="activation"/> through <see cref="ActivationConstruction"/>.</summary>
    public Grain Create(IServiceProvider services, ActivationData activation)
    {
        var previous = ActivationConstruction.Current;
        ActivationConstruction.Current = activation;
        try
        {
            return (Grain)_factory(services, null);
        }
        finally
        {
            ActivationConstruction.Current = previous;
        }
    }
}
