using System.Buffers.Binary;
using Google.Protobuf;

namespace FlashSale.Client.Protocol;

/// <summary>gRPC length-prefixed messages: 1 byte compressed flag, 4 bytes big-endian length, payload.</summary>
internal static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>Writes the frame header for an uncompressed payload of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>Writes header + serialized message; <paramref name="destination"/> must hold
    /// <see cref="HeaderSize"/> + <paramref name="size"/> bytes.</summary>
    public static void WriteMessage(Span<byte> destination, IMessage message, int size)
    {
        WriteHeader(destination, size);
        message.WriteTo(destination.Slice(HeaderSize, size));
    }

    /// <summary>Reads a frame header. The length is unsigned on the wire: anything above
    /// <see cref="int.MaxValue"/> is reported as such so the caller's size limit rejects it.</summary>
    public static (bool Compressed, long Length) ReadHeader(ReadOnlySpan<byte> header) =>
        (header[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(header[1..]));

    /// <summary>Tries to split one complete frame off the front of <paramref name="buffer"/>.</summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> buffer, out bool compressed, out ReadOnlySpan<byte> payload, out int consumed)
    {
        payload = default;
        consumed = 0;
        compressed = false;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        (compressed, var length) = ReadHeader(buffer);
        if (buffer.Length - HeaderSize < length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderSize, (int)length);
        consumed = HeaderSize + (int)length;
        return true;
    }
}
