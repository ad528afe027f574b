using Google.Protobuf;

namespace FlashSale.Runtime;

/// <summary>Describes one grain method, written once per interface method (like grpc's
/// <c>Method&lt;TRequest,TResponse&gt;</c>): no reflection on the call path.</summary>
public sealed class GrainMethod<TGrain, TRequest, TResponse> : GrainMethod
    where TGrain : class, IGrain
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public GrainMethod(
        string grainType,
        string name,
        int id,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser,
        Func<TGrain, TRequest, CancellationToken, Task<TResponse>> invoker,
        GrainMethodOptions options = GrainMethodOptions.None,
        Func<TGrain, IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResponse>>>? batchInvoker = null)
        : base(grainType, name, id, options)
    {
        if (batchInvoker is not null && (options & GrainMethodOptions.ReadOnly) != 0)
        {
            throw new ArgumentException("a read-only method has nothing to group-commit", nameof(batchInvoker));
        }

        RequestParser = requestParser;
        ResponseParser = responseParser;
        Invoker = invoker;
        BatchInvoker = batchInvoker;
    }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public Func<TGrain, TRequest, CancellationToken, Task<TResponse>> Invoker { get; }

    /// <summary>The optional batch form (group commit), or null when every call runs alone. Given
    /// the requests of consecutive queued calls, in mailbox order, it applies them all, persists
    /// once and returns one response per request in the same order. The engine answers the callers
    /// only after it returns; if it throws, every caller of the batch gets the exception and the
    /// activation is deactivated, because its in-memory state may hold effects that were never
    /// persisted.</summary>
    public Func<TGrain, IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResponse>>>? BatchInvoker { get; }

    public override bool SupportsBatching => BatchInvoker is not null;

    public override async Task<ByteString> InvokeSerializedAsync(object grain, ByteString argument, CancellationToken cancellationToken)
    {
        var request = RequestParser.ParseFrom(argument);
        var response = await Invoker((TGrain)grain, request, cancellationToken).ConfigureAwait(true);
        return response.ToByteString();
    }

    internal override object ParseRequest(ByteString argument) => RequestParser.ParseFrom(argument);

    internal override async Task<IReadOnlyList<object>> InvokeBatchAsync(object grain, IReadOnlyList<object> requests, CancellationToken cancellationToken)
    {
        var batch = BatchInvoker ?? throw new InvalidOperationException($"{GrainType}.{Name} has no batch form");
        var typed = new TRequest[requests.Count];
        for (var i = 0; i < typed.Length; i++)
        {
            typed[i] = (TRequest)requests[i];
        }

        var responses = await batch((TGrain)grain, typed, cancellationToken).ConfigureAwait(true);
        if (responses.Count != typed.Length)
        {
            throw new InvalidOperationException($"{GrainType}.{Name} answered {responses.Count} of a batch of {typed.Length} calls");
        }

        return responses;
    }
}
