namespace FlashSale.Silo.Protocol;

/// <summary>Thrown by a service method to end the call with a non-OK status (and optional trailers).</summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates an exception carrying <paramref name="status"/>.</summary>
    public RpcException(Status status)
        : this(status, null)
    {
    }

    /// <summary>Creates an exception carrying <paramref name="status"/> and trailers sent with it.</summary>
    public RpcException(Status status, Metadata? trailers)
        : base($"Status(StatusCode=\"{status.StatusCode}\", Detail=\"{status.Detail}\")")
    {
        Status = status;
        Trailers = trailers ?? Metadata.Empty;
    }

    /// <summary>The status the call ends with.</summary>
    public Status Status { get; }

    /// <summary>The status code, shortcut for <c>Status.StatusCode</c>.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers sent along with the status; never null.</summary>
    public Metadata Trailers { get; }
}
