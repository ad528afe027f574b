using Microsoft.AspNetCore.Http;

namespace FlashSale.Silo.Protocol;

/// <summary>The <see cref="ServerCallContext"/> of one call served over an ASP.NET Core HTTP/2 request.</summary>
internal sealed partial class HttpServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly GrpcRuntime _runtime;
    private readonly string _method;
    private CancellationTokenSource? _deadlineCts;
    private ITimer? _deadlineTimer;
    private TaskCompletionSource? _deadlineReached;
    private volatile bool _deadlineExceeded;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private DateTime _deadline = DateTime.MaxValue;
    private CancellationToken _token;
    private CancellationTokenSource? _shutdownCts;
    private CancellationTokenRegistration _shutdownRegistration;
    private volatile bool _shutdownRequested;

    public HttpServerCallContext(HttpContext http, GrpcRuntime runtime, string method)
    {
        _http = http;
        _runtime = runtime;
        _method = method;
        _token = http.RequestAborted;
    }

    public override string Method => _method;

    public override string Peer => FormatPeer(_http.Connection);

    public override DateTime Deadline => _deadline;

    public override CancellationToken CancellationToken => _token;

    public override Metadata RequestHeaders => _requestHeaders ??= RequestMetadata.From(_http.Request.Headers);

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public HttpContext HttpContext => _http;

    public GrpcRuntime Runtime => _runtime;

    /// <summary>True once the deadline timer fired.</summary>
    public bool DeadlineExceeded => _deadlineExceeded;

    /// <summary>Completes when the deadline fires; null for a call without one.</summary>
    public Task? DeadlineTask => _deadlineReached?.Task;

    /// <summary>Reads <c>grpc-timeout</c> and arms the deadline timer.</summary>
    public void StartDeadline()
    {
        var header = _http.Request.Headers[GrpcHeaders.Timeout];
        if (header.Count == 0)
        {
            return;
        }

        var raw = header.ToString();
        if (!GrpcTimeout.TryParse(raw, out var timeout))
        {
            // The spec gives no status for a malformed timeout; like grpc-dotnet we serve the call without one.
            GrpcServerLog.InvalidTimeout(_runtime.Logger, _method, raw);
            return;
        }

        // Timers cap out near 49 days; a longer deadline is no deadline in practice.
        if (timeout > MaxTimerDelay)
        {
            return;
        }

        _deadline = _runtime.TimeProvider.GetUtcNow().UtcDateTime + timeout;
        _deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted);
        _deadlineReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _token = _deadlineCts.Token;
        _deadlineTimer = _runtime.TimeProvider.CreateTimer(static s => ((HttpServerCallContext)s!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True once the call was ended because the server is shutting down.</summary>
    public bool ShutdownRequested => _shutdownRequested;

    /// <summary>Long-lived calls (server streams) also end when the server starts shutting down.</summary>
    public void EndOnShutdown(CancellationToken stopping)
    {
        if (!stopping.CanBeCanceled)
        {
            return;
        }

        _shutdownCts = CancellationTokenSource.CreateLinkedTokenSource(_token);
        _token = _shutdownCts.Token;
        _shutdownRegistration = stopping.Register(static s => ((HttpServerCallContext)s!).OnShutdown(), this);
    }

    private void OnShutdown()
    {
        _shutdownRequested = true;
        try
        {
            _shutdownCts?.Cancel();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or AggregateException)
        {
            // The call already finished, or a handler's cancellation callback threw.
        }
    }

    public void Dispose()
    {
        _shutdownRegistration.Dispose();
        _shutdownCts?.Dispose();
        _deadlineTimer?.Dispose();
        _deadlineCts?.Dispose();
        _writeLock?.Dispose();
    }

    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(49);

    private void OnDeadline()
    {
        _deadlineExceeded = true;
        GrpcServerLog.DeadlineExceeded(_runtime.Logger, _method);
        try
        {
            _deadlineCts?.Cancel();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or AggregateException)
        {
            // The call already finished, or a handler's cancellation callback threw: either way the
            // timer thread must not die, and the status below still ends the call.
        }

        _deadlineReached?.TrySetResult();
    }

    private static string FormatPeer(ConnectionInfo connection) => connection.RemoteIpAddress switch
    {
        null => "unknown",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
        var ip => $"ipv4:{ip}:{connection.RemotePort}",
    };
}
