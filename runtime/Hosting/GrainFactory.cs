namespace FlashSale.Runtime.Hosting;

/// <summary>Hands out typed references; the registration lookup is one dictionary hit.</summary>
internal sealed class GrainFactory(GrainRuntime runtime) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var type = runtime.GetTypeByInterface(typeof(TGrain));
        return (TGrain)type.Registration.ReferenceFactory(runtime.Invoker, new GrainId(type.GrainType, key));
    }
}
