using Google.Protobuf;

namespace FlashSale.Client;

/// <summary>Describes one RPC: its path (<c>/package.Service/Method</c>) and how to parse its reply.
/// Instances are immutable and meant to be static.</summary>
/// <typeparam name="TRequest">The request message.</typeparam>
/// <typeparam name="TResponse">The reply message.</typeparam>
public sealed class Method<TRequest, TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    /// <summary>Creates a method descriptor.</summary>
    public Method(MethodType type, string serviceName, string name, MessageParser<TResponse> responseParser)
    {
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = "/" + serviceName + "/" + name;
        ResponseParser = responseParser;
    }

    /// <summary>Unary or server streaming.</summary>
    public MethodType Type { get; }

    /// <summary>The fully qualified service, e.g. <c>flashsale.v1.Shop</c>.</summary>
    public string ServiceName { get; }

    /// <summary>The method name, e.g. <c>Grab</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 <c>:path</c>: <c>/flashsale.v1.Shop/Grab</c>.</summary>
    public string FullName { get; }

    /// <summary>Parses reply payloads.</summary>
    public MessageParser<TResponse> ResponseParser { get; }
}
