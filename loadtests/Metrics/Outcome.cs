namespace FlashSale.LoadTests.Metrics;

/// <summary>How a call ended: OK, a business rejection (a ResultCode in the reply) or an error
/// (a gRPC status, or <see cref="ClientError"/> for a failure that never reached the server).</summary>
internal enum OutcomeKind
{
    Ok,
    Rejected,
    Error,
}

/// <summary>A call's outcome with its code (ResultCode for rejections, Grpc.Core.StatusCode for errors).</summary>
internal readonly record struct Outcome(OutcomeKind Kind, int Code)
{
    /// <summary>The error code used for failures outside the gRPC status space (e.g. a socket error).</summary>
    public const int ClientError = 17;

    public static Outcome Ok => new(OutcomeKind.Ok, 0);

    public static Outcome Rejected(int resultCode) => new(OutcomeKind.Rejected, resultCode);

    public static Outcome Error(int statusCode) => new(OutcomeKind.Error, statusCode);
}
