using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace FlashSale.Silo.Protocol;

/// <summary>Writes one length-prefixed message straight into the response's buffer writer.</summary>
internal static class MessageWriter
{
    // Kestrel's pipe hands out blocks of this size from its pool; larger frames go through the
    // IBufferWriter overload so protobuf fills segment after segment instead of one huge array.
    private const int SingleSpanLimit = 4096;

    /// <summary>Writes the 5-byte prefix and the message; throws RESOURCE_EXHAUSTED before writing anything when too large.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message, int? maxSendSize)
    {
        var size = message.CalculateSize();
        if (maxSendSize is { } max && size > max)
        {
            throw new RpcException(GrpcStatuses.SendTooLarge);
        }

        if (size + MessageReader.HeaderSize <= SingleSpanLimit)
        {
            var span = writer.GetSpan(size + MessageReader.HeaderSize);
            WriteHeader(span, size);
            message.WriteTo(span.Slice(MessageReader.HeaderSize, size));
            writer.Advance(size + MessageReader.HeaderSize);
            return;
        }

        WriteHeader(writer.GetSpan(MessageReader.HeaderSize), size);
        writer.Advance(MessageReader.HeaderSize);
        message.WriteTo(writer);
    }

    private static void WriteHeader(Span<byte> span, int size)
    {
        span[0] = 0; // never compressed: we advertise no grpc-encoding
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
    }
}
