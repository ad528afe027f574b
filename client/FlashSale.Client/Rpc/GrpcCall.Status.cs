using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using FlashSale.Client.Protocol;
using Google.Protobuf;

namespace FlashSale.Client;

internal sealed partial class GrpcCall<TRequest, TResponse>
{
    private void CheckResponseHeaders(HttpResponseMessage response)
    {
        var headers = response.Headers.NonValidated;
        var hasStatus = headers.Contains("grpc-status");
        if (response.StatusCode != HttpStatusCode.OK && !hasStatus)
        {
            throw new FlashSaleRpcException(
                HttpStatusMapping.FromHttpStatus(response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.");
        }

        if (hasStatus)
        {
            // Trailers-Only: the status travels in the only HEADERS frame and there is no body.
            var (code, detail) = ReadStatus(headers);
            _ended = true;
            if (code != RpcStatusCode.OK)
            {
                throw new FlashSaleRpcException(code, detail, CopyHeaders(headers));
            }

            return;
        }

        if (!IsGrpcContentType(response.Content.Headers.NonValidated))
        {
            throw new FlashSaleRpcException(RpcStatusCode.Internal, "Bad gRPC response. Invalid content-type value.");
        }
    }

    private static void CheckTrailers(HttpResponseMessage response)
    {
        var trailers = response.TrailingHeaders.NonValidated;
        if (!trailers.Contains("grpc-status"))
        {
            throw new FlashSaleRpcException(RpcStatusCode.Internal, "The response ended without a grpc-status trailer.");
        }

        var (code, detail) = ReadStatus(trailers);
        if (code != RpcStatusCode.OK)
        {
            throw new FlashSaleRpcException(code, detail, CopyHeaders(trailers));
        }
    }

    private static (RpcStatusCode Code, string Detail) ReadStatus(HttpHeadersNonValidated headers)
    {
        var code = headers.TryGetValues("grpc-status", out var status)
            && int.TryParse(status.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? (RpcStatusCode)value
                : RpcStatusCode.Unknown;
        var detail = headers.TryGetValues("grpc-message", out var message)
            ? GrpcMessageEncoding.Decode(message.ToString())
            : string.Empty;
        return (code, detail);
    }

    private static bool IsGrpcContentType(HttpHeadersNonValidated headers)
    {
        if (!headers.TryGetValues("content-type", out var values))
        {
            return false;
        }

        var value = values.ToString().AsSpan();
        return value.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
            && (value.Length == 16 || value[16] is '+' or ';');
    }

    private static Dictionary<string, string> CopyHeaders(HttpHeadersNonValidated headers)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            copy[name] = values.ToString();
        }

        return copy;
    }

    private FlashSaleRpcException MapException(Exception ex)
    {
        if (_callerToken.IsCancellationRequested)
        {
            return new FlashSaleRpcException(RpcStatusCode.Cancelled, "The call was cancelled by the caller.", innerException: ex);
        }

        if (_deadlineSource?.IsCancellationRequested == true)
        {
            return new FlashSaleRpcException(RpcStatusCode.DeadlineExceeded, "The deadline expired.", innerException: ex);
        }

        if (ex is OperationCanceledException { InnerException: TimeoutException timeout })
        {
            // With HttpClient's own timeout off (the channel's HttpClient: deadlines are per call) the
            // only such timeout is SocketsHttpHandler's ConnectTimeout: no connection, nothing was
            // sent, so UNAVAILABLE (safe to retry), not a deadline the caller never set.
            return _channel.HttpClient.Timeout == Timeout.InfiniteTimeSpan
                ? new FlashSaleRpcException(RpcStatusCode.Unavailable, $"Error connecting to {_channel.Address}: {timeout.Message}", innerException: ex)
                : new FlashSaleRpcException(RpcStatusCode.DeadlineExceeded, "The deadline expired (HttpClient.Timeout).", innerException: ex);
        }

        return ex switch
        {
            HttpProtocolException p => FromReset(p),
            HttpRequestException { InnerException: HttpProtocolException p } => FromReset(p),
            HttpRequestException h => new FlashSaleRpcException(
                RpcStatusCode.Unavailable, $"Error connecting to {_channel.Address}: {h.Message}", innerException: ex),
            InvalidProtocolBufferException => new FlashSaleRpcException(
                RpcStatusCode.Internal, "Failed to parse the reply message: " + ex.Message, innerException: ex),
            // InvalidProtocolBufferException is an IOException too, so this arm comes after it.
            IOException => new FlashSaleRpcException(RpcStatusCode.Unavailable, "The connection was lost: " + ex.Message, innerException: ex),
            OperationCanceledException => new FlashSaleRpcException(RpcStatusCode.Cancelled, ex.Message, innerException: ex),
            _ => new FlashSaleRpcException(RpcStatusCode.Unknown, ex.Message, innerException: ex),
        };
    }

    private static FlashSaleRpcException FromReset(HttpProtocolException ex) =>
        new(HttpStatusMapping.FromHttp2Error(ex.ErrorCode), "The stream was reset: " + ex.Message, innerException: ex);
}
