using System.Reflection;

namespace FlashSale.Silo.Protocol;

/// <summary>One <c>AddGrpcService</c> call: which DI service to resolve and how to bind it.</summary>
internal sealed class GrpcServiceRegistration(Type serviceType, Action<ServiceBinder, object> bind)
{
    public Type ServiceType { get; } = serviceType;

    public Action<ServiceBinder, object> Bind { get; } = bind;

    /// <summary>Finds the base's <c>[BindServiceMethod]</c> and wraps its static bind method.</summary>
    public static GrpcServiceRegistration FromAttribute(Type serviceType)
    {
        var attribute = serviceType.GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException(
                $"{serviceType} derives from no service base with [BindServiceMethod]; pass a bind action to AddGrpcService.");
        var method = attribute.BindType.GetMethod(
                attribute.BindMethodName,
                BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{attribute.BindType} has no static {attribute.BindMethodName} method.");
        return new GrpcServiceRegistration(serviceType, (binder, service) => method.Invoke(null, [binder, service]));
    }
}
