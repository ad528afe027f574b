using System.Security.Claims;
using FlashSale.Silo.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;

namespace FlashSale.Silo.Auth;

/// <summary>
/// Who is calling the Shop service. Every Shop method needs a shopper's bearer JWT (validated by
/// ASP.NET Core's JwtBearer handler, scheme <see cref="Scheme"/>) except the public reads in
/// <see cref="PublicMethods"/> and a WatchRoom that names no user. The acting user is the token's
/// <c>sub</c>; a request whose <c>user_id</c> names someone else is PERMISSION_DENIED. A missing,
/// malformed, badly signed or expired token is UNAUTHENTICATED. A user_id that is not a valid id at
/// all is left to the method, which rejects it with INVALID_ARGUMENT before touching any grain.
/// </summary>
public static class ShopperAuthenticator
{
    /// <summary>The authentication scheme of shoppers' JWTs.</summary>
    public const string Scheme = "ShopperJwt";

    /// <summary>The claim naming the acting user.</summary>
    public const string SubjectClaim = "sub";

    private const string WatchRoomMethod = "/flashsale.v1.Shop/WatchRoom";

    /// <summary>Shop methods anyone may call without a token (add new public reads here).</summary>
    public static readonly IReadOnlySet<string> PublicMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "/flashsale.v1.Shop/ListRooms",
        "/flashsale.v1.Shop/GetRoom",
    };

    private static readonly Status Missing = new(StatusCode.Unauthenticated,
        "shopper calls need the header 'authorization: Bearer <shopper token>' (a JWT whose sub is the user)");

    private static readonly Status Invalid = new(StatusCode.Unauthenticated, "the shopper token is not valid or has expired");

    private static readonly Status NoSubject = new(StatusCode.Unauthenticated, "the shopper token names no user (sub)");

    /// <summary>Whether a call to <paramref name="method"/> with <paramref name="userId"/> needs a token.</summary>
    public static bool Requires(string method, string? userId) =>
        !PublicMethods.Contains(method) && !(userId is "" && method == WatchRoomMethod);

    /// <summary>Authenticates the call and checks its user_id against the token; throws the status.</summary>
    public static async Task<ClaimsPrincipal> DemandAsync(ServerCallContext context, string? userId)
    {
        var result = await context.GetHttpContext().AuthenticateAsync(Scheme).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new RpcException(result.None ? Missing : Invalid);
        }

        var subject = result.Principal.FindFirst(SubjectClaim)?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            throw new RpcException(NoSubject);
        }

        if (userId is not null && !string.Equals(userId, subject, StringComparison.Ordinal) && Validate.IsId(userId))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"user_id '{userId}' is not the authenticated user: a shopper token acts only for its own user"));
        }

        return result.Principal;
    }
}
