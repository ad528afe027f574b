using System.Net;
using System.Net.Http.Headers;

namespace FlashSale.Silo.Tests.Protocol;

/// <summary>What came back from one raw call: HTTP status, headers, framed messages, trailers.</summary>
internal sealed class RawGrpcResponse
{
    public required HttpStatusCode HttpStatus { get; init; }

    public required HttpResponseHeaders Headers { get; init; }

    public required HttpResponseHeaders Trailers { get; init; }

    public required string? ContentType { get; init; }

    public required byte[] Body { get; init; }

    public required List<byte[]> Messages { get; init; }

    /// <summary>True when grpc-status came in the response headers (Trailers-Only).</summary>
    public bool IsTrailersOnly => Headers.Contains("grpc-status");

    /// <summary>grpc-status from headers (Trailers-Only) or trailers; null when absent.</summary>
    public int? GrpcStatus => Find("grpc-status") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The raw (still percent-encoded) grpc-message.</summary>
    public string? RawGrpcMessage => Find("grpc-message");

    public string? Find(string name) =>
        Headers.TryGetValues(name, out var h) ? h.First()
        : Trailers.TryGetValues(name, out var t) ? t.First()
        : null;

    public static RawGrpcResponse From(HttpResponseMessage response, byte[] body)
    {
        var messages = new List<byte[]>();
        var isGrpc = response.Content.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        var offset = 0;
        while (isGrpc && body.Length - offset >= 5)
        {
            var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            if (length > body.Length - offset - 5)
            {
                throw new InvalidDataException($"Malformed response body: {Convert.ToHexString(body)}");
            }

            messages.Add(body.AsSpan(offset + 5, length).ToArray());
            offset += 5 + length;
        }

        return new RawGrpcResponse
        {
            HttpStatus = response.StatusCode,
            Headers = response.Headers,
            Trailers = response.TrailingHeaders,
            ContentType = response.Content.Headers.ContentType?.MediaType,
            Body = body,
            Messages = messages,
        };
    }
}
