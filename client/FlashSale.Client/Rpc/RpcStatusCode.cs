namespace FlashSale.Client;

/// <summary>The gRPC status codes (grpc/grpc doc/statuscodes.md), with the same numeric values.</summary>
public enum RpcStatusCode
{
    /// <summary>Not an error.</summary>
    OK = 0,

    /// <summary>The call was cancelled, typically by the caller.</summary>
    Cancelled = 1,

    /// <summary>Unknown error, e.g. an HTTP status the spec does not map.</summary>
    Unknown = 2,

    /// <summary>The client sent an invalid field.</summary>
    InvalidArgument = 3,

    /// <summary>The deadline expired before the call completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>An entity (room, drop, pool) was not found.</summary>
    NotFound = 5,

    /// <summary>The entity already exists.</summary>
    AlreadyExists = 6,

    /// <summary>The caller may not perform this call.</summary>
    PermissionDenied = 7,

    /// <summary>Overload or oversize message; retry later with back-off.</summary>
    ResourceExhausted = 8,

    /// <summary>The system is not in a state required for the call.</summary>
    FailedPrecondition = 9,

    /// <summary>The call was aborted, typically by a concurrency conflict.</summary>
    Aborted = 10,

    /// <summary>A value was outside its valid range.</summary>
    OutOfRange = 11,

    /// <summary>The method is not implemented by the server.</summary>
    Unimplemented = 12,

    /// <summary>An invariant of the protocol or the server was broken.</summary>
    Internal = 13,

    /// <summary>The service is unavailable (connection failed, silo draining); retriable.</summary>
    Unavailable = 14,

    /// <summary>Unrecoverable data loss.</summary>
    DataLoss = 15,

    /// <summary>No valid credentials were sent.</summary>
    Unauthenticated = 16,
}
