namespace FlashSale.Silo.Protocol;

/// <summary>The gRPC status codes (grpc/grpc doc/statuscodes.md); values are on the wire as <c>grpc-status</c>.</summary>
public enum StatusCode
{
    /// <summary>Not an error.</summary>
    OK = 0,
    /// <summary>The caller cancelled the call.</summary>
    Cancelled = 1,
    /// <summary>Unknown error, e.g. a status from another address space that this side does not know.</summary>
    Unknown = 2,
    /// <summary>The caller gave an invalid argument, whatever the system's state.</summary>
    InvalidArgument = 3,
    /// <summary>The deadline expired before the operation could complete.</summary>
    DeadlineExceeded = 4,
    /// <summary>A requested entity was not found.</summary>
    NotFound = 5,
    /// <summary>The entity the caller tried to create already exists.</summary>
    AlreadyExists = 6,
    /// <summary>The caller may not perform this operation.</summary>
    PermissionDenied = 7,
    /// <summary>A resource (quota, memory, mailbox slots, message size) is exhausted.</summary>
    ResourceExhausted = 8,
    /// <summary>The system is not in the state the operation needs.</summary>
    FailedPrecondition = 9,
    /// <summary>The operation was aborted, typically by a concurrency conflict.</summary>
    Aborted = 10,
    /// <summary>The operation went past the valid range.</summary>
    OutOfRange = 11,
    /// <summary>The operation is not implemented or not supported.</summary>
    Unimplemented = 12,
    /// <summary>An invariant the underlying system expects is broken.</summary>
    Internal = 13,
    /// <summary>The service is currently unavailable; retrying with backoff may succeed.</summary>
    Unavailable = 14,
    /// <summary>Unrecoverable data loss or corruption.</summary>
    DataLoss = 15,
    /// <summary>The request lacks valid authentication credentials.</summary>
    Unauthenticated = 16,
}
