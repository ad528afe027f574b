using Google.Protobuf;

namespace FlashSale.Silo.Protocol;

/// <summary>
/// Collects the methods of bound services (the counterpart of grpc-dotnet's ServiceBinderBase);
/// a service base's static <c>BindService</c> adds each of its methods here.
/// </summary>
public sealed class ServiceBinder
{
    private readonly GrpcRuntime _runtime;
    private readonly Dictionary<string, MethodHandler> _methods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);

    internal ServiceBinder(GrpcRuntime runtime)
    {
        _runtime = runtime;
    }

    internal IReadOnlyDictionary<string, MethodHandler> Methods => _methods;

    internal IReadOnlySet<string> Services => _services;

    /// <summary>Binds a unary method served at <c>/{fullServiceName}/{methodName}</c>.</summary>
    public void AddUnaryMethod<TRequest, TResponse>(
        string fullServiceName,
        string methodName,
        MessageParser<TRequest> requestParser,
        UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(handler);
        var path = PathOf(fullServiceName, methodName);
        Add(fullServiceName, new UnaryMethodHandler<TRequest, TResponse>(path, _runtime, requestParser, handler));
    }

    /// <summary>Binds a server-streaming method served at <c>/{fullServiceName}/{methodName}</c>.</summary>
    public void AddServerStreamingMethod<TRequest, TResponse>(
        string fullServiceName,
        string methodName,
        MessageParser<TRequest> requestParser,
        ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(handler);
        var path = PathOf(fullServiceName, methodName);
        Add(fullServiceName, new ServerStreamingMethodHandler<TRequest, TResponse>(path, _runtime, requestParser, handler));
    }

    private void Add(string service, MethodHandler handler)
    {
        if (!_methods.TryAdd(handler.Path, handler))
        {
            throw new InvalidOperationException($"The gRPC method {handler.Path} is bound twice.");
        }

        _services.Add(service);
    }

    private static string PathOf(string fullServiceName, string methodName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullServiceName);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        return $"/{fullServiceName}/{methodName}";
    }
}
