namespace FlashSale.Client;

/// <summary>Names of <see cref="RpcStatusCode"/> as the gRPC spec spells them (UPPER_SNAKE).</summary>
public static class RpcStatusCodes
{
    private static readonly string[] WireNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The spec's name of a code, e.g. <c>RESOURCE_EXHAUSTED</c>.</summary>
    public static string ToWireName(RpcStatusCode code) =>
        (uint)code < (uint)WireNames.Length ? WireNames[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
