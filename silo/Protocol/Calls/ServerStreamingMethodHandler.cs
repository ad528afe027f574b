using Google.Protobuf;

namespace FlashSale.Silo.Protocol;

/// <summary>Serves a server-streaming method: read one message, let the handler write many, then the status.</summary>
internal sealed class ServerStreamingMethodHandler<TRequest, TResponse>(
    string path,
    GrpcRuntime runtime,
    MessageParser<TRequest> parser,
    ServerStreamingServerMethod<TRequest, TResponse> method) : MethodHandler(path, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override async Task RunCallAsync(HttpServerCallContext call)
    {
        call.EndOnShutdown(Runtime.Stopping);
        var work = InvokeAsync(call);
        if (await DeadlineWonAsync(call, work).ConfigureAwait(false))
        {
            return;
        }

        Status status;
        try
        {
            await work.ConfigureAwait(false);
            status = call.Status;
        }
        catch (Exception ex)
        {
            status = call.MapException(ex);
        }

        await call.WriteLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await call.EndCallAsync(status, includeTrailers: true).ConfigureAwait(false);
        }
        finally
        {
            call.WriteLock.Release();
        }
    }

    private async Task InvokeAsync(HttpServerCallContext call)
    {
        var request = await MessageReader.ReadSingleMessageAsync(
            call.HttpContext.Request.BodyReader,
            parser,
            Runtime.Options.MaxReceiveMessageSize,
            RequestEncoding(call),
            call.CancellationToken).ConfigureAwait(false);
        await method(request, new HttpServerStreamWriter<TResponse>(call), call).ConfigureAwait(false);
    }
}
