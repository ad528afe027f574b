using System.Buffers;
using System.Net;
using FlashSale.Client.Protocol;
using Google.Protobuf;

namespace FlashSale.Client;

/// <summary>The state of one call: request, deadline, response stream and read buffer.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse> : IDisposable
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    private readonly FlashSaleChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly TimeSpan? _timeout;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private byte[]? _buffer;
    private bool _ended;

    public GrpcCall(
        FlashSaleChannel channel,
        Method<TRequest, TResponse> method,
        CallOptions options,
        TimeSpan? defaultTimeout,
        CancellationToken cancellationToken)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _callerToken = cancellationToken;
        _timeout = ResolveTimeout(options, defaultTimeout);
        if (_timeout is { } timeout)
        {
            _deadlineSource = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
                : new CancellationTokenSource();
            if (timeout > TimeSpan.Zero)
            {
                _deadlineSource.CancelAfter(timeout);
            }
        }

        Token = _deadlineSource?.Token ?? cancellationToken;
    }

    private CancellationToken Token { get; }

    public async Task StartAsync(TRequest message)
    {
        if (_timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new FlashSaleRpcException(RpcStatusCode.DeadlineExceeded, "The deadline expired before the call started.");
        }

        using var request = CreateRequest(message, _timeout);
        try
        {
            _response = await _channel.HttpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token)
                .ConfigureAwait(false);
            CheckResponseHeaders(_response);
            if (_ended)
            {
                return;
            }

            _body = await _response.Content.ReadAsStreamAsync(Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not FlashSaleRpcException)
        {
            throw MapException(ex);
        }
    }

    public void Dispose()
    {
        _response?.Dispose();
        _deadlineSource?.Dispose();
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TimeSpan? ResolveTimeout(CallOptions options, TimeSpan? defaultTimeout)
    {
        if (options.Timeout is { } timeout)
        {
            return timeout == Timeout.InfiniteTimeSpan ? null : timeout;
        }

        return options.Deadline is { } deadline ? deadline.ToUniversalTime() - DateTime.UtcNow : defaultTimeout;
    }

    private HttpRequestMessage CreateRequest(TRequest message, TimeSpan? timeout)
    {
        var size = message.CalculateSize();
        var payload = new byte[GrpcFraming.HeaderSize + size];
        GrpcFraming.WriteMessage(payload, message, size);
        var content = new ByteArrayContent(payload);
        content.Headers.TryAddWithoutValidation("content-type", "application/grpc");

        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetUri(_method, _method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("user-agent", _channel.Options.UserAgent);
        if (timeout is { } t)
        {
            headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Encode(t));
        }

        if (_options.Headers is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
