namespace FlashSale.Silo.Protocol;

/// <summary>Header names and values of PROTOCOL-HTTP2.</summary>
internal static class GrpcHeaders
{
    public const string ContentType = "application/grpc";
    public const string Timeout = "grpc-timeout";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";
    public const string Status = "grpc-status";
    public const string Message = "grpc-message";

    /// <summary>True for <c>application/grpc</c> and its <c>+proto</c>/<c>;params</c> variants.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';';
    }
}
