using FlashSale.Silo.Hosting;
using Grpc.Core;

namespace FlashSale.Silo.Services;

/// <summary>Checks the admin bearer token: missing → UNAUTHENTICATED, wrong → PERMISSION_DENIED.</summary>
public sealed class AdminAuthorizer(string token)
{
    private static readonly Status Missing = new(StatusCode.Unauthenticated,
        "admin calls need the header 'authorization: Bearer <admin token>'");

    private static readonly Status Wrong = new(StatusCode.PermissionDenied, "the admin token is not valid");

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
