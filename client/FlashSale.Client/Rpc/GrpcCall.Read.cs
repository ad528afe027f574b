using System.Buffers;
using FlashSale.Client.Protocol;

namespace FlashSale.Client;

internal sealed partial class GrpcCall<TRequest, TResponse>
{
    private const int InitialBufferSize = 1024;

    /// <summary>The next reply, or null once the stream ended with status OK.</summary>
    public async ValueTask<TResponse?> ReadNextAsync()
    {
        if (_ended)
        {
            return default;
        }

        try
        {
            var buffer = _buffer ??= ArrayPool<byte>.Shared.Rent(InitialBufferSize);
            var headerRead = await ReadAtLeastAsync(buffer, GrpcFraming.HeaderSize).ConfigureAwait(false);
            if (headerRead == 0)
            {
                _ended = true;
                CheckTrailers(_response!);
                return default;
            }

            if (headerRead < GrpcFraming.HeaderSize)
            {
                throw new FlashSaleRpcException(RpcStatusCode.Internal, "The response ended inside a message header.");
            }

            var (compressed, length) = GrpcFraming.ReadHeader(buffer);
            if (compressed)
            {
                // We never send grpc-accept-encoding, so a compliant server never compresses.
                throw new FlashSaleRpcException(RpcStatusCode.Internal, "Received a compressed message without a negotiated encoding.");
            }

            if (length > _channel.Options.MaxReceiveMessageSize)
            {
                throw new FlashSaleRpcException(
                    RpcStatusCode.ResourceExhausted,
                    $"Received message larger than max ({length} vs. {_channel.Options.MaxReceiveMessageSize}).");
            }

            var size = (int)length;
            if (buffer.Length < size)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _buffer = null;
                buffer = _buffer = ArrayPool<byte>.Shared.Rent(size);
            }

            if (await ReadAtLeastAsync(buffer, size).ConfigureAwait(false) < size)
            {
                throw new FlashSaleRpcException(RpcStatusCode.Internal, "The response ended inside a message.");
            }

            return _method.ResponseParser.ParseFrom(buffer.AsSpan(0, size));
        }
        catch (Exception ex) when (ex is not FlashSaleRpcException)
        {
            throw MapException(ex);
        }
    }

    private ValueTask<int> ReadAtLeastAsync(byte[] buffer, int count) =>
        count == 0
            ? ValueTask.FromResult(0)
            : _body!.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, Token);
}
