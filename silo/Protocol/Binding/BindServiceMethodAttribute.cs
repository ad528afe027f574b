namespace FlashSale.Silo.Protocol;

/// <summary>
/// Names the static <c>BindService(ServiceBinder, TBase)</c> method of a service base, so
/// <c>AddGrpcService&lt;T&gt;()</c> can bind any class derived from it (as grpc-dotnet's attribute does).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class BindServiceMethodAttribute(Type bindType, string bindMethodName) : Attribute
{
    /// <summary>The type that declares the bind method.</summary>
    public Type BindType { get; } = bindType;

    /// <summary>The name of the static bind method.</summary>
    public string BindMethodName { get; } = bindMethodName;
}
