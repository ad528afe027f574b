using FlashSale.Silo.Auth;
using FlashSale.Silo.Hosting;
using Grpc.Core;

namespace FlashSale.Silo.Services;

/// <summary>Checks the Admin service's bearer credentials. The admin token may call everything; the
/// operator token (read-only role, for dashboards) only the queries in <see cref="ReadOnlyMethods"/>.
/// Missing → UNAUTHENTICATED; wrong token, or the operator token on a mutation → PERMISSION_DENIED.</summary>
public sealed class AdminAuthorizer(string token, string? operatorToken = null)
{
    /// <summary>Admin methods the operator role may call (add new read-only queries here).</summary>
    public static readonly IReadOnlySet<string> ReadOnlyMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "/flashsale.v1.Admin/GetRoomStatus",
        "/flashsale.v1.Admin/GetDropStatus",
        "/flashsale.v1.Admin/GetCouponPoolStatus",
        "/flashsale.v1.Admin/ListDropOrders",
        "/flashsale.v1.Admin/ListBlocks",
        "/flashsale.v1.Admin/ListRejections",
        "/flashsale.v1.Admin/GetEnvelopeRainStatus",
    };

    private static readonly Status Missing = new(StatusCode.Unauthenticated,
        "admin calls need the header 'authorization: Bearer <admin token>'");

    private static readonly Status Wrong = new(StatusCode.PermissionDenied, "the admin token is not valid");

    private static readonly Status ReadOnly = new(StatusCode.PermissionDenied,
        "the operator token is read-only: this method needs the admin token");

    /// <summary>The role the <c>authorization</c> header proves: "admin", "operator" or null.</summary>
    public string? RoleOf(string? authorizationHeader) =>
        AdminToken.Matches(authorizationHeader, token) ? Roles.Admin
        : operatorToken is not null && AdminToken.Matches(authorizationHeader, operatorToken) ? Roles.Operator
        : null;

    /// <summary>True when <paramref name="authorizationHeader"/> is "Bearer &lt;admin or operator
    /// token&gt;": what the read-only operator pages (dashboard, metrics) need.</summary>
    public bool Accepts(string? authorizationHeader) => RoleOf(authorizationHeader) is not null;

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

        switch (RoleOf(header))
        {
            case Roles.Admin:
                return;
            case Roles.Operator when ReadOnlyMethods.Contains(context.Method):
                return;
            case Roles.Operator:
                throw new RpcException(ReadOnly);
            default:
                throw new RpcException(Wrong);
        }
    }
}
