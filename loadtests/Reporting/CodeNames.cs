using FlashSale.Api.V1;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Reporting;

/// <summary>Readable names for result codes and gRPC statuses in reports.</summary>
internal static class CodeNames
{
    public static string Result(int code) =>
        Enum.IsDefined(typeof(ResultCode), code) ? ToSnake(((ResultCode)code).ToString()) : $"code_{code}";

    public static string Status(int code) =>
        code == Outcome.ClientError ? "CLIENT_ERROR"
        : Enum.IsDefined(typeof(Grpc.Core.StatusCode), code) ? ToSnake(((Grpc.Core.StatusCode)code).ToString())
        : $"STATUS_{code}";

    /// <summary>"SoldOut" → "SOLD_OUT", "OK" stays "OK".</summary>
    private static string ToSnake(string pascal)
    {
        var chars = new List<char>(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(pascal[i - 1]))
            {
                chars.Add('_');
            }

            chars.Add(char.ToUpperInvariant(c));
        }

        return new string([.. chars]);
    }
}
