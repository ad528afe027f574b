using Microsoft.Extensions.Logging;

namespace FlashSale.Silo.Protocol;

/// <summary>Log messages of the gRPC protocol layer.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Service method {Method} threw an unhandled exception.")]
    public static partial void HandlerError(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The exception mapper threw while mapping an exception from {Method}.")]
    public static partial void ExceptionMapperFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Ignoring malformed grpc-timeout '{Timeout}' on {Method}.")]
    public static partial void InvalidTimeout(ILogger logger, string method, string timeout);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Deadline exceeded on {Method}.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "No gRPC method at {Path}.")]
    public static partial void UnimplementedMethod(ILogger logger, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void ProtocolError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Call {Method} was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Could not finish the response of {Method}.")]
    public static partial void ResponseFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Rejected {Path}: content-type '{ContentType}' is not application/grpc.")]
    public static partial void UnsupportedContentType(ILogger logger, string path, string? contentType);
}
