using FlashSale.Silo.Hosting;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Silo.Interceptors;

/// <summary>
/// Turns whatever a call threw into its status, for every service: an <see cref="RpcException"/>
/// passes unchanged, the engine's exceptions become their statuses (<see cref="EngineExceptionMapper"/>:
/// overload → RESOURCE_EXHAUSTED, storage down → UNAVAILABLE, ...), cancellation by the client or
/// the deadline is left to grpc-dotnet, and anything else is logged and answered UNKNOWN with a
/// generic message: the exception's own text never reaches the client. UNKNOWN and its message are
/// what grpc-dotnet itself answers for an exception it meets inside a call (e.g. a request that is
/// not valid protobuf, which fails before any interceptor runs), so every unexpected failure of a
/// call looks the same to clients; INTERNAL stays for broken framing. Registered first, so it also
/// covers the interceptors after it.
/// </summary>
public sealed partial class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> log) : Interceptor
{
    /// <summary>The detail of an unexpected failure (the one grpc-dotnet itself uses).</summary>
    public const string GenericDetail = "Exception was thrown by handler.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The exception to throw instead, or null to let <paramref name="exception"/> through.</summary>
    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        if (exception is RpcException)
        {
            return null;
        }

        // The client left or the deadline passed: grpc-dotnet reports that (DEADLINE_EXCEEDED / CANCELLED).
        if (exception is OperationCanceledException or IOException && context.CancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (EngineExceptionMapper.Map(exception) is { } mapped)
        {
            return mapped;
        }

        HandlerFailed(log, context.Method, exception);
        return new RpcException(new Status(StatusCode.Unknown, GenericDetail));
    }

    [LoggerMessage(1, LogLevel.Error, "Service method {Method} threw an unhandled exception.")]
    private static partial void HandlerFailed(ILogger logger, string method, Exception exception);
}
