namespace FlashSale.Runtime.Activation;

/// <summary>The activation whose grain is being constructed on this thread. Construction is
/// synchronous, so a thread-static is exact: it lets <c>IPersistentState&lt;T&gt;</c>, resolved
/// from DI as a constructor parameter, attach itself to the right activation.</summary>
internal static class ActivationConstruction
{
    [ThreadStatic]
    private static ActivationData? _current;

    public static ActivationData? Current
    {
        get => _current;
        set => _current = value;
    }
}
