using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FlashSale.Silo.Protocol;

internal sealed partial class HttpServerCallContext
{
    private SemaphoreSlim? _writeLock;
    private bool _ended;
    private bool _messageWritten;

    /// <summary>Serializes a streaming handler's writes with the deadline path that ends the call.</summary>
    public SemaphoreSlim WriteLock => _writeLock ??= new SemaphoreSlim(1, 1);

    /// <summary>True once the final status was written; later writes are refused.</summary>
    public bool Ended => _ended;

    /// <summary>Records that a message went into the body, so the status must go out as trailers.</summary>
    public void MarkMessageWritten() => _messageWritten = true;

    /// <summary>Sets <c>:status 200</c> and the gRPC content type unless the response already started.</summary>
    public void EnsureResponseHeaders()
    {
        var response = _http.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcHeaders.ContentType;
        }
    }

    /// <summary>
    /// Writes the final status: as trailers after messages, or as a Trailers-Only response (status in
    /// the single HEADERS frame, no body) when nothing was sent yet. Callers hold the write lock
    /// when a streaming handler may still be writing.
    /// </summary>
    /// <param name="status">The final status.</param>
    /// <param name="includeTrailers">False on the deadline path, where the handler may still be adding trailers.</param>
    public async Task EndCallAsync(Status status, bool includeTrailers)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        var response = _http.Response;
        if (_http.RequestAborted.IsCancellationRequested)
        {
            // RST_STREAM or disconnect: nobody is left to read a status.
            return;
        }

        var trailers = includeTrailers ? _responseTrailers : null;
        if (!response.HasStarted && !_messageWritten)
        {
            EnsureResponseHeaders();
            WriteStatus(response.Headers, status, trailers);
        }
        else
        {
            WriteStatus(new TrailerWriter(response), status, trailers);
        }

        // Completing here matters on the deadline path: the client gets its status now even when the
        // handler ignores its token and is still running.
        await response.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Turns what a handler threw into the call's status (and trailers).</summary>
    public Status MapException(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            foreach (var entry in rpc.Trailers)
            {
                ResponseTrailers.Add(entry);
            }

            return rpc.Status;
        }

        if (_deadlineExceeded)
        {
            return GrpcStatuses.DeadlineExceeded;
        }

        if (_shutdownRequested && exception is OperationCanceledException)
        {
            return GrpcStatuses.ShuttingDown;
        }

        // Once the client reset the stream or disconnected, whatever the handler or the body reader
        // threw (OperationCanceledException, ConnectionResetException, IOException) is that cancel.
        if (_http.RequestAborted.IsCancellationRequested)
        {
            GrpcServerLog.CallCancelled(_runtime.Logger, _method);
            return GrpcStatuses.Cancelled;
        }

        if (_runtime.Options.ExceptionMapper is { } mapper)
        {
            try
            {
                if (mapper(exception) is { } mapped)
                {
                    foreach (var entry in mapped.Trailers)
                    {
                        ResponseTrailers.Add(entry);
                    }

                    return mapped.Status;
                }
            }
            catch (Exception mapperFailure)
            {
                GrpcServerLog.ExceptionMapperFailed(_runtime.Logger, _method, mapperFailure);
            }
        }

        GrpcServerLog.HandlerError(_runtime.Logger, _method, exception);
        return GrpcStatuses.HandlerFailed;
    }

    private static void WriteStatus(IHeaderDictionary target, Status status, Metadata? trailers) =>
        WriteStatus(new HeaderWriter(target), status, trailers);

    private static void WriteStatus<TWriter>(TWriter writer, Status status, Metadata? trailers)
        where TWriter : IStatusWriter
    {
        writer.Add(GrpcHeaders.Status, GrpcStatuses.ToHeaderValue(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            writer.Add(GrpcHeaders.Message, PercentEncoding.Encode(status.Detail));
        }

        if (trailers is null)
        {
            return;
        }

        foreach (var entry in trailers)
        {
            if (entry.Key is GrpcHeaders.Status or GrpcHeaders.Message)
            {
                continue;
            }

            // The spec says to emit unpadded base64 for binary values.
            writer.Add(entry.Key, entry.IsBinary ? entry.Value.TrimEnd('=') : entry.Value);
        }
    }

    private interface IStatusWriter
    {
        void Add(string key, string value);
    }

    private readonly struct HeaderWriter(IHeaderDictionary headers) : IStatusWriter
    {
        public void Add(string key, string value) => headers.Append(key, value);
    }

    private readonly struct TrailerWriter(HttpResponse response) : IStatusWriter
    {
        public void Add(string key, string value) => response.AppendTrailer(key, new StringValues(value));
    }
}
