using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace FlashSale.Silo.Protocol;

/// <summary>Reads the single length-prefixed request message of a unary or server-streaming call.</summary>
internal static class MessageReader
{
    public const int HeaderSize = 5;

    /// <summary>
    /// Reads exactly one message, then requires the end of the request stream. Protocol violations
    /// surface as <see cref="RpcException"/> with the status the gRPC spec prescribes.
    /// </summary>
    public static async ValueTask<T> ReadSingleMessageAsync<T>(
        PipeReader reader,
        MessageParser<T> parser,
        int? maxReceiveSize,
        string? encoding,
        CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        T? message = default;
        var haveMessage = false;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (haveMessage)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (!buffer.IsEmpty)
                {
                    throw new RpcException(GrpcStatuses.ExtraRequestMessage);
                }

                if (result.IsCompleted)
                {
                    return message!;
                }

                continue;
            }

            if (TryParseMessage(ref buffer, parser, maxReceiveSize, encoding, out message))
            {
                haveMessage = true;
                reader.AdvanceTo(buffer.Start);
                continue;
            }

            // Incomplete: nothing consumed, everything examined, so the next read waits for more bytes.
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new RpcException(buffer.IsEmpty ? GrpcStatuses.NoRequestMessage : GrpcStatuses.IncompleteMessage);
            }
        }
    }

    /// <summary>Parses one message when the whole frame is buffered; on success slices it off <paramref name="buffer"/>.</summary>
    private static bool TryParseMessage<T>(
        ref ReadOnlySequence<byte> buffer,
        MessageParser<T> parser,
        int? maxReceiveSize,
        string? encoding,
        out T? message)
        where T : class, IMessage<T>
    {
        message = default;
        if (!TryReadHeader(buffer, out var compressed, out var length))
        {
            return false;
        }

        // Checked on the header alone so an oversize message is never buffered.
        if (length > (uint)(maxReceiveSize ?? int.MaxValue))
        {
            throw new RpcException(GrpcStatuses.ReceiveTooLarge);
        }

        if (compressed)
        {
            // PROTOCOL-HTTP2: a compressed flag without a grpc-encoding is a protocol error; an
            // encoding we cannot decode is UNIMPLEMENTED (statuscodes.md).
            var known = encoding is null || string.Equals(encoding, "identity", StringComparison.Ordinal);
            throw known
                ? new RpcException(GrpcStatuses.CompressedWithoutEncoding)
                : new RpcException(GrpcStatuses.UnsupportedEncoding, GrpcStatuses.AcceptIdentity);
        }

        if (buffer.Length - HeaderSize < length)
        {
            return false;
        }

        var payload = buffer.Slice(HeaderSize, length);
        try
        {
            message = parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(GrpcStatuses.InvalidMessage);
        }

        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out bool compressed, out uint length)
    {
        compressed = false;
        length = 0;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        ReadOnlySpan<byte> header;
        if (buffer.FirstSpan.Length >= HeaderSize)
        {
            header = buffer.FirstSpan[..HeaderSize];
        }
        else
        {
            // The header straddles segments: copy just these five bytes.
            Span<byte> copy = stackalloc byte[HeaderSize];
            buffer.Slice(0, HeaderSize).CopyTo(copy);
            compressed = ReadFlag(copy[0]);
            length = BinaryPrimitives.ReadUInt32BigEndian(copy[1..]);
            return true;
        }

        compressed = ReadFlag(header[0]);
        length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        return true;
    }

    // Any non-zero flag byte is treated as "compressed" so it is rejected rather than misparsed.
    private static bool ReadFlag(byte flag) => flag != 0;
}
