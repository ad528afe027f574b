namespace FlashSale.Silo.Protocol;

/// <summary>A unary method: one request in, one response out.</summary>
public delegate Task<TResponse> UnaryServerMethod<TRequest, TResponse>(TRequest request, ServerCallContext context)
    where TRequest : class
    where TResponse : class;

/// <summary>A server-streaming method: one request in, a stream of responses out.</summary>
public delegate Task ServerStreamingServerMethod<TRequest, TResponse>(
    TRequest request,
    IServerStreamWriter<TResponse> responseStream,
    ServerCallContext context)
    where TRequest : class
    where TResponse : class;
