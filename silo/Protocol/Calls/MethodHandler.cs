using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FlashSale.Silo.Protocol;

/// <summary>Serves every call of one bound method.</summary>
internal abstract class MethodHandler(string path, GrpcRuntime runtime)
{
    /// <summary>The method path, <c>/{service}/{method}</c>.</summary>
    public string Path { get; } = path;

    protected GrpcRuntime Runtime { get; } = runtime;

    /// <summary>Runs one call to its final status; never throws.</summary>
    public async Task HandleCallAsync(HttpContext http)
    {
        // The message-size limit replaces Kestrel's whole-body limit, as a body may carry framing overhead.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        using var call = new HttpServerCallContext(http, Runtime, Path);
        try
        {
            call.StartDeadline();
            await RunCallAsync(call).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Last line of defence: a failure while writing the status must not escape to Kestrel.
            GrpcServerLog.ResponseFailed(Runtime.Logger, Path, ex);
        }
    }

    protected abstract Task RunCallAsync(HttpServerCallContext call);

    /// <summary>Races the call's work with its deadline; true when the deadline won and the call was ended.</summary>
    protected static async Task<bool> DeadlineWonAsync(HttpServerCallContext call, Task work)
    {
        if (call.DeadlineTask is not { } deadline || work.IsCompleted)
        {
            return false;
        }

        if (await Task.WhenAny(work, deadline).ConfigureAwait(false) == work)
        {
            return false;
        }

        await call.WriteLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await call.EndCallAsync(GrpcStatuses.DeadlineExceeded, includeTrailers: false).ConfigureAwait(false);
        }
        finally
        {
            call.WriteLock.Release();
        }

        // The HttpContext must outlive a handler that ignores its token, so wait for it here.
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client already has DEADLINE_EXCEEDED; what the handler did afterwards is moot.
        }

        return true;
    }

    protected static string? RequestEncoding(HttpServerCallContext call) =>
        call.HttpContext.Request.Headers.TryGetValue(GrpcHeaders.Encoding, out var value) ? value.ToString() : null;
}
