using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Hosting;
using Google.Protobuf;

namespace FlashSale.Runtime.Messaging;

/// <summary>The call path behind every grain reference in this silo: one work item per call,
/// queued on the target activation. No reflection, no LINQ; an async state machine only when the
/// target is mid-deactivation or local calls are serialized.</summary>
internal sealed class LocalGrainCallInvoker(GrainRuntime runtime) : IGrainCallInvoker
{
    public Task<TResponse> InvokeAsync<TGrain, TRequest, TResponse>(
        GrainId grainId,
        GrainMethod<TGrain, TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TGrain : class, IGrain
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResponse>(cancellationToken);
        }

        try
        {
            var type = runtime.GetTypeByName(grainId.Type);
            if (runtime.Options.SerializeLocalCalls)
            {
                return InvokeSerializedAsync(type, grainId, method, request, cancellationToken);
            }

            var item = new CallWorkItem<TGrain, TRequest, TResponse>(type, grainId, method, request, cancellationToken);
            return runtime.Catalog.TryDispatch(type, grainId, item) is null
                ? item.Task
                : DispatchSlowAsync(type, grainId, item);
        }
        catch (Exception exception)
        {
            return Task.FromException<TResponse>(exception);
        }
    }

    private async Task<TResponse> DispatchSlowAsync<TResponse>(GrainTypeInfo type, GrainId grainId, CallWorkItem<TResponse> item)
    {
        await runtime.Catalog.DispatchAsync(type, grainId, item).ConfigureAwait(false);
        return await item.Task.ConfigureAwait(false);
    }

    // Round-trips request and response through bytes exactly as a remote call would, so a single
    // silo proves every message survives the wire.
    private async Task<TResponse> InvokeSerializedAsync<TGrain, TRequest, TResponse>(
        GrainTypeInfo type,
        GrainId grainId,
        GrainMethod<TGrain, TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TGrain : class, IGrain
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var item = new SerializedCallWorkItem(type, grainId, method, request.ToByteString(), cancellationToken);
        await runtime.Catalog.DispatchAsync(type, grainId, item).ConfigureAwait(false);
        var response = await item.Task.ConfigureAwait(false);
        return method.ResponseParser.ParseFrom(response);
    }
}
