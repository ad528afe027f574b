namespace FlashSale.Grains;

/// <summary>Grain references for string-keyed grains without Orleans' per-call type resolution.
/// <c>IGrainFactory.GetGrain&lt;T&gt;(string)</c> works out the grain interface type and the grain
/// type from the .NET interface on every call (by naming convention, rewriting type names); on the
/// hot-drop grab that showed as about a tenth of the silo's CPU. Both are fixed for a given
/// interface, so the first call asks Orleans and remembers its answer, and every later call builds
/// the grain id from the remembered grain type and the key.</summary>
public static class GrainReferences
{
    /// <summary>The reference to grain <paramref name="key"/> of interface <typeparamref name="T"/>
    /// (the same reference <c>GetGrain&lt;T&gt;(key)</c> returns).</summary>
    public static T Resolve<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Types<T>.Known is { } known
            ? (T)grains.GetGrain(GrainId.Create(known.Grain, key), known.Interface)
            : Types<T>.Learn(grains, key);
    }

    private static class Types<T>
        where T : IGrainWithStringKey
    {
        // Written once (a race writes the same value twice); read without locks.
        public static volatile Resolved? Known;

        public static T Learn(IGrainFactory grains, string key)
        {
            var reference = grains.GetGrain<T>(key);
            var grain = (GrainReference)(object)reference;
            Known = new Resolved(grain.GrainId.Type, grain.InterfaceType);
            return reference;
        }
    }

    private sealed record Resolved(GrainType Grain, GrainInterfaceType Interface);
}
