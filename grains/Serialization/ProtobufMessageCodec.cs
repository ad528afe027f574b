using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace FlashSale.Grains.Serialization;

/// <summary>Lets Orleans carry Google.Protobuf messages (the API's and the grains' own) as grain
/// arguments and results: on the wire a message is its protobuf encoding, length-prefixed; a copy
/// (Orleans isolates the caller's and the callee's objects for calls inside one silo) is the
/// message's own deep <c>Clone()</c>. Arguments marked <c>[Immutable]</c> in the grain interfaces
/// are not copied at all. Microsoft.Orleans.Serialization.Protobuf is not served by our registry,
/// hence this small codec.</summary>
public sealed class ProtobufMessageCodec : IGeneralizedCodec, IGeneralizedCopier, ITypeFilter
{
    private static readonly ConcurrentDictionary<Type, MessageParser> Parsers = new();

    public bool IsSupportedType(Type type) => typeof(IMessage).IsAssignableFrom(type) && !type.IsAbstract && !type.IsInterface;

    public bool? IsTypeAllowed(Type type) => IsSupportedType(type) ? true : null;

    public object? DeepCopy(object? input, CopyContext context) => input switch
    {
        null => null,
        IMessage message => Cloners.GetOrAdd(message.GetType(), MakeCloner)(message),
        _ => throw new NotSupportedException($"{input.GetType()} is not a protobuf message"),
    };

    private static readonly ConcurrentDictionary<Type, Func<object, object>> Cloners = new();

    private static Func<object, object> MakeCloner(Type type) =>
        typeof(ProtobufMessageCodec).GetMethod(nameof(CloneOf), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate<Func<object, object>>();

    private static object CloneOf<T>(object message) where T : IDeepCloneable<T> => ((T)message).Clone()!;

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, object? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        // The concrete type always goes into the header (expected type null): a generalized codec's
        // reader is not told the expected type, so an omitted type could not be parsed back.
        var message = (IMessage)value!;
        writer.WriteFieldHeader(fieldIdDelta, null, value!.GetType(), WireType.LengthPrefixed);
        var size = message.CalculateSize();
        writer.WriteVarUInt32((uint)size);
        if (size == 0)
        {
            return;
        }

        writer.EnsureContiguous(size);
        if (writer.WritableSpan.Length >= size)
        {
            message.WriteTo(writer.WritableSpan[..size]);
            writer.AdvanceSpan(size);
            return;
        }

        // Orleans' messaging writer (a connection's pipe) cannot promise one contiguous span as large as a
        // big reply (a page of drop orders going from the drop's silo to the silo serving the call):
        // serialize into a pooled buffer and let the writer copy it across its segments.
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            message.WriteTo(rented.AsSpan(0, size));
            writer.Write(rented.AsSpan(0, size));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public object ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<object, TInput>(ref reader, field)!;
        }

        if (field.WireType != WireType.LengthPrefixed)
        {
            throw new UnsupportedWireTypeException($"a protobuf message is length-prefixed, not {field.WireType}");
        }

        var type = field.FieldType ?? throw new RequiredFieldMissingException("the protobuf message's type is missing from the field header");
        var placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        var length = reader.ReadVarUInt32();
        var message = Parse(type, length == 0 ? [] : reader.ReadBytes(length));
        ReferenceCodec.RecordObject(reader.Session, message, placeholder);
        return message;
    }

    private static IMessage Parse(Type type, byte[] bytes) =>
        Parsers.GetOrAdd(type, static t => t.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageParser
            ?? throw new NotSupportedException($"{t} has no static protobuf Parser")).ParseFrom(bytes);
}
