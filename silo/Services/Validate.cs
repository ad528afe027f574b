using Grpc.Core;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Silo.Services;

/// <summary>Argument checks for the public and admin APIs. Every failure is INVALID_ARGUMENT with
/// a message that starts with the offending field's name, so a client can point at it.</summary>
internal static class Validate
{
    public const int MaxIdLength = 64;
    public const int MaxKeyLength = 128;
    public const int MaxGrabQuantity = 1_000;
    public const long MaxMoney = 1_000_000_000_000;

    public static void Id(string value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(field, "is required");
        }

        if (value.Length > MaxIdLength)
        {
            throw Invalid(field, $"must be at most {MaxIdLength} characters");
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
            {
                throw Invalid(field, "may contain only letters, digits and _ - . :");
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> would pass <see cref="Id"/>, without throwing.</summary>
    public static bool IsId(string value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxIdLength
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':');

    /// <summary>An order id is "{owner}/{sequence}", the owner being a drop id or the key of one of
    /// its buckets ("{dropId}~{i}", see DropBuckets); returns the owner.</summary>
    public static string OrderId(string value, string field)
    {
        var slash = string.IsNullOrEmpty(value) ? -1 : value.LastIndexOf('/');
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(field, "is required");
        }

        if (slash <= 0 || slash == value.Length - 1 || !long.TryParse(value.AsSpan(slash + 1), out var seq) || seq <= 0)
        {
            throw Invalid(field, "is not an order id (expected {drop_id}/{number})");
        }

        var owner = value[..slash];
        Id(FlashSale.Grains.DropBuckets.TryParse(owner, out var dropId, out _) ? dropId : owner, field);
        return owner;
    }

    public static void Key(string value, string field = "idempotency_key")
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(field, "is required (any unique string; reuse it only to retry the same call)");
        }

        if (value.Length > MaxKeyLength)
        {
            throw Invalid(field, $"must be at most {MaxKeyLength} characters");
        }
    }

    public static void Range(long value, long min, long max, string field)
    {
        if (value < min || value > max)
        {
            throw Invalid(field, min == max ? $"must be {min}" : $"must be between {min} and {max}");
        }
    }

    public static void Text(string value, int maxLength, string field, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(field, "is required");
        }

        if (value.Length > maxLength)
        {
            throw Invalid(field, $"must be at most {maxLength} characters");
        }
    }

    public static void Required(Timestamp? value, string field)
    {
        if (value is null)
        {
            throw Invalid(field, "is required");
        }

        Timestamp(value, field);
    }

    public static void Timestamp(Timestamp? value, string field)
    {
        if (value is not null && (value.Seconds < 0 || value.Seconds > 253402300799 || value.Nanos is < 0 or > 999_999_999))
        {
            throw Invalid(field, "is not a valid timestamp");
        }
    }

    public static void Before(Timestamp? earlier, Timestamp? later, string laterField, string earlierField)
    {
        if (earlier is not null && later is not null && later.ToDateTimeOffset() <= earlier.ToDateTimeOffset())
        {
            throw Invalid(laterField, $"must be after {earlierField}");
        }
    }

    public static RpcException Invalid(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, $"{field} {message}"));
}
