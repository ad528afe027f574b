using Microsoft.AspNetCore.Http;

namespace FlashSale.Silo.Protocol;

/// <summary>
/// Takes HTTP/2 POSTs aimed at a bound method or carrying a gRPC content type; everything else
/// (GET, HTTP/1.1, other paths) goes to the next middleware.
/// </summary>
internal sealed class GrpcProtocolMiddleware(RequestDelegate next, GrpcMethodRegistry registry, GrpcRuntime runtime)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !HttpProtocol.IsHttp2(request.Protocol) || request.Path.Value is not { } path)
        {
            return next(http);
        }

        var isGrpc = GrpcHeaders.IsGrpcContentType(request.ContentType);
        if (registry.TryGetMethod(path, out var handler))
        {
            if (!isGrpc)
            {
                // PROTOCOL-HTTP2: a wrong content type gets a plain HTTP 415, not a gRPC status.
                GrpcServerLog.UnsupportedContentType(runtime.Logger, path, request.ContentType);
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return Task.CompletedTask;
            }

            return handler!.HandleCallAsync(http);
        }

        if (isGrpc && TryGetServiceName(path, out var service))
        {
            GrpcServerLog.UnimplementedMethod(runtime.Logger, path);
            WriteTrailersOnly(http.Response, registry.HasService(service) ? GrpcStatuses.UnknownMethod : GrpcStatuses.UnknownService);
            return Task.CompletedTask;
        }

        return next(http);
    }

    private static void WriteTrailersOnly(HttpResponse response, Status status)
    {
        // Returning without a body makes Kestrel send these headers as one HEADERS frame with END_STREAM.
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcHeaders.ContentType;
        response.Headers[GrpcHeaders.Status] = GrpcStatuses.ToHeaderValue(status.StatusCode);
        response.Headers[GrpcHeaders.Message] = PercentEncoding.Encode(status.Detail);
    }

    // A gRPC path is exactly "/{service}/{method}".
    private static bool TryGetServiceName(string path, out string service)
    {
        service = string.Empty;
        var slash = path.IndexOf('/', 1);
        if (path.Length < 4 || path[0] != '/' || slash < 2 || slash == path.Length - 1 || path.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        service = path[1..slash];
        return true;
    }
}
