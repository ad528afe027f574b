using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Scheduling;

namespace FlashSale.Runtime.Messaging;

/// <summary>Base of call work items: owns the caller's completion and the queued-cancellation
/// rule (cancelled while queued: dropped, never run; once started: runs to completion).</summary>
internal abstract class CallWorkItem<TResponse> : WorkItem
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<TResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private int _state;

    protected CallWorkItem(GrainTypeInfo type, GrainId grainId, CancellationToken cancellationToken)
    {
        Type = type;
        GrainId = grainId;
        CancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static s => ((CallWorkItem<TResponse>)s!).CancelIfQueued(), this);
        }
    }

    public Task<TResponse> Task => _completion.Task;

    protected GrainTypeInfo Type { get; }

    protected GrainId GrainId { get; }

    protected CancellationToken CancellationToken { get; }

    public override bool IsAbandoned => Volatile.Read(ref _state) == Cancelled;

    public override bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
        {
            return false;
        }

        _registration.Dispose();
        return true;
    }

    public override void OnCompleted(Task turn)
    {
        if (turn.IsCompletedSuccessfully)
        {
            _completion.TrySetResult(GetResult(turn));
        }
        else if (turn.IsCanceled)
        {
            _completion.TrySetCanceled(CancellationToken.IsCancellationRequested ? CancellationToken : new CancellationToken(true));
        }
        else
        {
            _completion.TrySetException(turn.Exception!.InnerException!);
        }
    }

    public override void Reroute(ActivationData closed, Exception? failure)
    {
        if (failure is not null)
        {
            Fail(failure);
            return;
        }

        _ = closed.Runtime.Catalog.ForwardAsync(Type, GrainId, this, Fail);
    }

    public void Fail(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _registration.Dispose();
            _completion.TrySetException(exception);
        }
    }

    public void SetBatchException(Exception exception) => _completion.TrySetException(exception);

    public void SetBatchCanceled() => _completion.TrySetCanceled(CancellationToken.IsCancellationRequested ? CancellationToken : new CancellationToken(true));

    protected abstract TResponse GetResult(Task turn);

    /// <summary>Answers a call that ran inside a group-commit batch.</summary>
    protected void SetBatchResponse(TResponse response) => _completion.TrySetResult(response);

    private void CancelIfQueued()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _completion.TrySetCanceled(CancellationToken);
        }
    }
}

/// <summary>A typed local call: the request object goes to the grain method as is.</summary>
internal sealed class CallWorkItem<TGrain, TRequest, TResponse> : CallWorkItem<TResponse>, IBatchableCall
    where TGrain : class, IGrain
    where TRequest : class, Google.Protobuf.IMessage<TRequest>
    where TResponse : class, Google.Protobuf.IMessage<TResponse>
{
    private readonly GrainMethod<TGrain, TRequest, TResponse> _method;
    private readonly TRequest _request;

    public CallWorkItem(GrainTypeInfo type, GrainId grainId, GrainMethod<TGrain, TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        : base(type, grainId, cancellationToken)
    {
        _method = method;
        _request = request;
    }

    public override bool IsReadOnly => _method.IsReadOnly;

    public GrainMethod Method => _method;

    public override Task ExecuteAsync(ActivationData activation) =>
        _method.Invoker((TGrain)(object)activation.Grain, _request, CancellationToken);

    public object GetRequest() => _request;

    public void SetBatchResult(object response) => SetBatchResponse((TResponse)response);

    protected override TResponse GetResult(Task turn) => ((Task<TResponse>)turn).Result;
}
