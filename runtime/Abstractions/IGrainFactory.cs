namespace FlashSale.Runtime;

/// <summary>Hands out typed references to grains. A reference is cheap; the activation is
/// created on the first call.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
