using Google.Protobuf;

namespace FlashSale.Runtime;

/// <summary>Routes a call to wherever the grain is activated. Implemented by the engine.</summary>
public interface IGrainCallInvoker
{
    Task<TResponse> InvokeAsync<TGrain, TRequest, TResponse>(
        GrainId grainId,
        GrainMethod<TGrain, TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TGrain : class, IGrain
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;
}

/// <summary>Base of the typed references written once per grain interface. A reference method
/// is one line: <c>=> Invoke(Methods.Grab, request, ct)</c>.</summary>
public abstract class GrainReference
{
    protected GrainReference(IGrainCallInvoker invoker, GrainId grainId)
    {
        Invoker = invoker;
        GrainId = grainId;
    }

    public GrainId GrainId { get; }

    protected IGrainCallInvoker Invoker { get; }

    protected Task<TResponse> Invoke<TGrain, TRequest, TResponse>(
        GrainMethod<TGrain, TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TGrain : class, IGrain
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Invoker.InvokeAsync(GrainId, method, request, cancellationToken);

    public override string ToString() => GrainId.ToString();
}
