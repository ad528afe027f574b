using System.Security.Claims;
using System.Text.Encodings.Web;
using FlashSale.Silo.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FlashSale.Silo.Auth;

/// <summary>
/// Authenticates the operator side of HTTP endpoints: the admin or the operator token, sent as
/// <c>authorization: Bearer &lt;token&gt;</c> or, for a browser, in the cookie
/// <see cref="OperatorAuth.CookieName"/>. The principal carries the role (<see cref="Roles"/>) in a
/// <see cref="ClaimTypes.Role"/> claim; no token → no result, a wrong one → failure (both 401 from the policy).
/// </summary>
public sealed class OperatorKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminAuthorizer authorizer)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) && Request.Cookies.TryGetValue(OperatorAuth.CookieName, out var cookie) && cookie.Length > 0)
        {
            header = "Bearer " + cookie;
        }

        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (authorizer.RoleOf(header) is not { } role)
        {
            return Task.FromResult(AuthenticateResult.Fail("the token is neither the admin nor the operator token"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], OperatorAuth.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), OperatorAuth.Scheme)));
    }
}
