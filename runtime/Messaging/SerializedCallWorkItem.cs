using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Scheduling;
using Google.Protobuf;

namespace FlashSale.Runtime.Messaging;

/// <summary>A call that arrived as bytes (the silo-to-silo path): the method parses the
/// argument and serializes the response inside the turn.</summary>
internal sealed class SerializedCallWorkItem : CallWorkItem<ByteString>, IBatchableCall
{
    private readonly GrainMethod _method;
    private readonly ByteString _argument;

    public SerializedCallWorkItem(GrainTypeInfo type, GrainId grainId, GrainMethod method, ByteString argument, CancellationToken cancellationToken)
        : base(type, grainId, cancellationToken)
    {
        _method = method;
        _argument = argument;
    }

    public override bool IsReadOnly => _method.IsReadOnly;

    public GrainMethod Method => _method;

    public override Task ExecuteAsync(ActivationData activation) =>
        _method.InvokeSerializedAsync(activation.Grain, _argument, CancellationToken);

    public object GetRequest() => _method.ParseRequest(_argument);

    public void SetBatchResult(object response) => SetBatchResponse(((IMessage)response).ToByteString());

    protected override ByteString GetResult(Task turn) => ((Task<ByteString>)turn).Result;

}
