using Google.Protobuf;

namespace FlashSale.Silo.Protocol;

/// <summary>Writes streamed responses into Kestrel's pipe; flushing per message gives backpressure.</summary>
internal sealed class HttpServerStreamWriter<T>(HttpServerCallContext call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public async Task WriteAsync(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var token = call.CancellationToken;
        await call.WriteLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (call.Ended)
            {
                throw new InvalidOperationException("The call has already ended.");
            }

            token.ThrowIfCancellationRequested();
            call.EnsureResponseHeaders();
            var writer = call.HttpContext.Response.BodyWriter;
            MessageWriter.Write(writer, message, call.Runtime.Options.MaxSendMessageSize);
            call.MarkMessageWritten();

            // The token unblocks a flush stuck behind a client that stopped reading once the deadline fires.
            var flush = await writer.FlushAsync(token).ConfigureAwait(false);
            if (flush.IsCanceled)
            {
                throw new OperationCanceledException(token);
            }
        }
        finally
        {
            call.WriteLock.Release();
        }
    }
}
