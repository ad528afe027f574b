using Google.Protobuf;

namespace FlashSale.Runtime;

/// <summary>How a grain method may be scheduled.</summary>
[Flags]
public enum GrainMethodOptions
{
    None = 0,

    /// <summary>The method only reads state: it may interleave with other read-only calls of the
    /// same activation (never with a writing turn).</summary>
    ReadOnly = 1,
}

/// <summary>Untyped view of a grain method descriptor, used by the engine's dispatch tables.</summary>
public abstract class GrainMethod
{
    protected GrainMethod(string grainType, string name, int id, GrainMethodOptions options)
    {
        GrainType = grainType;
        Name = name;
        Id = id;
        Options = options;
    }

    /// <summary>The registered grain type name (e.g. "drop").</summary>
    public string GrainType { get; }

    public string Name { get; }

    /// <summary>Stable id of the method within its interface; used on the wire.</summary>
    public int Id { get; }

    public GrainMethodOptions Options { get; }

    public bool IsReadOnly => (Options & GrainMethodOptions.ReadOnly) != 0;

    /// <summary>Invokes the method on a grain instance with a serialized argument and returns
    /// the serialized response (the silo-to-silo path).</summary>
    public abstract Task<ByteString> InvokeSerializedAsync(object grain, ByteString argument, CancellationToken cancellationToken);
}

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
        GrainMethodOptions options = GrainMethodOptions.None)
        : base(grainType, name, id, options)
    {
        RequestParser = requestParser;
        ResponseParser = responseParser;
        Invoker = invoker;
    }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public Func<TGrain, TRequest, CancellationToken, Task<TResponse>> Invoker { get; }

    public override async Task<ByteString> InvokeSerializedAsync(object grain, ByteString argument, CancellationToken cancellationToken)
    {
        var request = RequestParser.ParseFrom(argument);
        var response = await Invoker((TGrain)grain, request, cancellationToken).ConfigureAwait(true);
        return response.ToByteString();
    }
}
