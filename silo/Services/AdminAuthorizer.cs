using FlashSale.Silo.Hosting;
using Grpc.Core;

namespace FlashSale.Silo.Services;

/// <summary>Checks the admin bearer token: missing → UNAUTHENTICATED, wrong → PERMISSION_DENIED.</summary>
public sealed class AdminAuthorizer(string token)
{
    private static readonly Status Missing = new(StatusCode.Unauthenticated,
        "admin calls need the header 'authorization: Bearer <admin token>'");

    private static readonly Status Wrong = new(StatusCode.PermissionDenied, "the admin token is not valid");

    /// <summary>True when <paramref name="authorizationHeader"/> is "Bearer &lt;admin token&gt;".</summary>
    public bool Accepts(string? authorizationHeader) => AdminToken.Matches(authorizationHeader, token);

    /// <summary>A key derived from the admin token for one <paramref name="purpose"/> (signing the
    /// dashboard's session cookie): it changes when the token does, and does not reveal it.</summary>
    internal byte[] DeriveKey(string purpose) =>
        System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(purpose));

    public void Demand(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header))
        {
            throw new RpcException(Missing);
        }

        if (!AdminToken.Matches(header, token))
        {
            throw new RpcException(Wrong);
        }
    }
}
