using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Orleans.Storage;

namespace FlashSale.Storage.Serialization;

/// <summary>Grain state as protobuf binary: every grain state of FlashSale is a Google.Protobuf
/// message, so its stored form is the message's own wire format.</summary>
/// <remarks>A deliberate choice instead of Orleans' default grain-state serializer (Newtonsoft JSON
/// carrying .NET type names): protobuf bytes name no .NET type, so renaming or moving a state class
/// never stops stored state from loading, and fields evolve by protobuf's rules (new fields read as
/// defaults, unknown fields are kept). The parser of each type is looked up once and cached. Types
/// that are not protobuf messages are refused with a clear exception rather than stored in some
/// other format.</remarks>
public sealed class ProtobufGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly ConcurrentDictionary<Type, MessageParser> Parsers = new();

    /// <summary>One shared instance (the serializer is stateless).</summary>
    public static ProtobufGrainStorageSerializer Instance { get; } = new();

    public BinaryData Serialize<T>(T? input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input is IMessage message
            ? new BinaryData(message.ToByteArray())
            : throw NotProtobuf(input.GetType());
    }

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (T)ParserOf(typeof(T)).ParseFrom(input.ToMemory().Span);
    }

    /// <summary>The generated static <c>Parser</c> of message type <paramref name="type"/>.</summary>
    /// <exception cref="NotSupportedException"><paramref name="type"/> is not a generated protobuf message.</exception>
    internal static MessageParser ParserOf(Type type) => Parsers.GetOrAdd(type, static t =>
        typeof(IMessage).IsAssignableFrom(t)
        && t.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageParser parser
            ? parser
            : throw NotProtobuf(t));

    private static NotSupportedException NotProtobuf(Type type) =>
        new($"grain state type {type.FullName} is not a Google.Protobuf message: FlashSale stores grain state as protobuf binary only ({nameof(ProtobufGrainStorageSerializer)})");
}
