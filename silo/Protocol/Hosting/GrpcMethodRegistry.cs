using System.Collections.Frozen;

namespace FlashSale.Silo.Protocol;

/// <summary>The bound methods by path, frozen once the host starts mapping.</summary>
internal sealed class GrpcMethodRegistry(IReadOnlyDictionary<string, MethodHandler> methods, IReadOnlySet<string> services)
{
    private readonly FrozenDictionary<string, MethodHandler> _methods = methods.ToFrozenDictionary(StringComparer.Ordinal);
    private readonly FrozenSet<string> _services = services.ToFrozenSet(StringComparer.Ordinal);

    public bool TryGetMethod(string path, out MethodHandler? handler) => _methods.TryGetValue(path, out handler);

    public bool HasService(string service) => _services.Contains(service);
}
