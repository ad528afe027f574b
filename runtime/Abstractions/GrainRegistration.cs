namespace FlashSale.Runtime;

/// <summary>Ties a grain interface to its type name, implementation and hand-written reference.
/// Built once at start-up by <c>AddGrain</c>.</summary>
public sealed class GrainRegistration
{
    public GrainRegistration(
        string grainType,
        Type interfaceType,
        Type implementationType,
        Func<IGrainCallInvoker, GrainId, object> referenceFactory,
        IReadOnlyList<GrainMethod> methods)
    {
        GrainType = grainType;
        InterfaceType = interfaceType;
        ImplementationType = implementationType;
        ReferenceFactory = referenceFactory;
        Methods = methods;
    }

    public string GrainType { get; }

    public Type InterfaceType { get; }

    public Type ImplementationType { get; }

    public Func<IGrainCallInvoker, GrainId, object> ReferenceFactory { get; }

    /// <summary>All methods of the interface, for the serialized (silo-to-silo) dispatch table.</summary>
    public IReadOnlyList<GrainMethod> Methods { get; }
}
