using Microsoft.AspNetCore.Http;

namespace FlashSale.Silo.Protocol;

/// <summary>Builds the application-visible request metadata from HTTP headers.</summary>
internal static class RequestMetadata
{
    public static Metadata From(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers)
        {
            if (IsTransportHeader(key))
            {
                continue;
            }

            // HTTP allows header names our metadata keys do not; such headers are not gRPC metadata.
            if (!IsValidKey(key))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                if (key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase))
                {
                    if (TryDecodeBase64(value, out var bytes))
                    {
                        metadata.Add(key, bytes);
                    }
                }
                else
                {
                    metadata.Add(key, value);
                }
            }
        }

        return metadata;
    }

    // Pseudo-headers and the protocol's own headers are not application metadata.
    private static bool IsTransportHeader(string key) =>
        key.StartsWith(':')
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcHeaders.Timeout, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcHeaders.Encoding, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcHeaders.AcceptEncoding, StringComparison.OrdinalIgnoreCase);

    private static bool IsValidKey(string key)
    {
        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return key.Length > 0;
    }

    // The spec asks receivers to accept padded and unpadded base64.
    private static bool TryDecodeBase64(string value, out byte[] bytes)
    {
        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
