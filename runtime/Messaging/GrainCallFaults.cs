using FlashSale.Internal.V1;
using Google.Protobuf;

namespace FlashSale.Runtime.Messaging;

/// <summary>The fault kinds of <see cref="GrainCallFault"/> and their mapping to and from the
/// engine's exceptions, so a remote caller sees the same exception a local caller would.</summary>
public static class GrainCallFaults
{
    public const string Overloaded = "overloaded";
    public const string InconsistentState = "inconsistent_state";
    public const string Unavailable = "unavailable";
    public const string NotFound = "not_found";
    public const string InvalidArgument = "invalid_argument";
    public const string DeadlineExceeded = "deadline_exceeded";
    public const string Internal = "internal";

    public static GrainCallResult Fault(string kind, string message) =>
        new() { Fault = new GrainCallFault { Kind = kind, Message = message } };

    public static GrainCallResult FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var kind = exception switch
        {
            GrainOverloadedException => Overloaded,
            InconsistentStateException => InconsistentState,
            StorageUnavailableException or SiloUnavailableException => Unavailable,
            InvalidProtocolBufferException or ArgumentException => InvalidArgument,
            EntityNotFoundException => NotFound,
            _ => Internal,
        };
        return Fault(kind, exception.Message);
    }

    /// <summary>The exception a caller of a remote grain should see for <paramref name="fault"/>.</summary>
    public static Exception ToException(GrainCallFault fault, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return fault.Kind switch
        {
            Overloaded => new GrainOverloadedException(grainId, 0),
            InconsistentState => new InconsistentStateException(fault.Message),
            Unavailable => new SiloUnavailableException(fault.Message),
            DeadlineExceeded => new TimeoutException(fault.Message),
            InvalidArgument => new ArgumentException(fault.Message),
            NotFound => new EntityNotFoundException(fault.Message),
            _ => new InvalidOperationException($"grain {grainId} failed remotely: {fault.Message}"),
        };
    }
}
