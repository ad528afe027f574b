using Google.Protobuf;

namespace FlashSale.Silo.Protocol;

/// <summary>Serves a unary method: read one message, invoke, write one message and the status.</summary>
internal sealed class UnaryMethodHandler<TRequest, TResponse>(
    string path,
    GrpcRuntime runtime,
    MessageParser<TRequest> parser,
    UnaryServerMethod<TRequest, TResponse> method) : MethodHandler(path, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override async Task RunCallAsync(HttpServerCallContext call)
    {
        var work = InvokeAsync(call);
        if (await DeadlineWonAsync(call, work).ConfigureAwait(false))
        {
            return;
        }

        Status status;
        try
        {
            var response = await work.ConfigureAwait(false)
                ?? throw new InvalidOperationException("A unary method returned a null response.");
            call.EnsureResponseHeaders();
            MessageWriter.Write(call.HttpContext.Response.BodyWriter, response, Runtime.Options.MaxSendMessageSize);
            call.MarkMessageWritten();
            status = call.Status;
        }
        catch (Exception ex)
        {
            status = call.MapException(ex);
        }

        // One completion flushes the message and the trailers together.
        await call.EndCallAsync(status, includeTrailers: true).ConfigureAwait(false);
    }

    private async Task<TResponse> InvokeAsync(HttpServerCallContext call)
    {
        var request = await MessageReader.ReadSingleMessageAsync(
            call.HttpContext.Request.BodyReader,
            parser,
            Runtime.Options.MaxReceiveMessageSize,
            RequestEncoding(call),
            call.CancellationToken).ConfigureAwait(false);
        return await method(request, call).ConfigureAwait(false);
    }
}
