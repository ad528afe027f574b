using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FlashSale.Silo.Services;

namespace FlashSale.Silo.Dashboard;

/// <summary>
/// Who may see the operator pages (dashboard, its event stream, the Orleans Dashboard): a request
/// with <c>authorization: Bearer &lt;admin token&gt;</c>, or a browser holding the session cookie it
/// got from the sign-in form. Browsers cannot put headers on an EventSource, hence the cookie:
/// HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure over
/// HTTPS, and it carries no token — only its expiry and an HMAC of it under a key derived from the
/// admin token, so rotating the token signs every session out.
/// </summary>
public sealed class OperatorAccess(AdminAuthorizer admin, TimeProvider time)
{
    public const string CookieName = "flashsale_operator";

    public const string SignInPath = "/dashboard/login";

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private readonly byte[] _key = admin.DeriveKey("flashsale dashboard session v1");

    /// <summary>The one place operator pages are protected. When the "operator" authorization
    /// policy (JWT operator role) is in, this becomes <c>builder.RequireAuthorization("operator")</c>,
    /// with the session cookie as one of that policy's authentication schemes.</summary>
    public static TBuilder RequireOperator<TBuilder>(TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.RequestServices.GetRequiredService<OperatorAccess>().IsOperator(http))
            {
                return await next(context).ConfigureAwait(false);
            }

            return WantsPage(http.Request)
                ? Results.Redirect(SignInPath)
                : Results.Text("operator credential needed: sign in at " + SignInPath + " or send 'authorization: Bearer <operator token>'\n",
                    "text/plain", statusCode: StatusCodes.Status401Unauthorized);
        });

    public bool IsOperator(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return admin.Accepts(context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null)
            || (context.Request.Cookies.TryGetValue(CookieName, out var cookie) && IsValidSession(cookie));
    }

    /// <summary>Checks a token typed into the sign-in form (constant time).</summary>
    public bool Accepts(string? token) => !string.IsNullOrWhiteSpace(token) && admin.Accepts("Bearer " + token.Trim());

    public void SignIn(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expires = time.GetUtcNow() + SessionLifetime;
        context.Response.Cookies.Append(CookieName, NewSession(expires), CookieOptions(context, expires));
    }

    public static void SignOut(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(CookieName, CookieOptions(context, DateTimeOffset.UnixEpoch));
    }

    /// <summary>"{expiry unix seconds}.{HMAC-SHA256 of it, base64url}".</summary>
    internal string NewSession(DateTimeOffset expires)
    {
        var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return expiry + "." + Base64Url(Sign(expiry));
    }

    internal bool IsValidSession(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Base64Url(Sign(value[..dot])));
        var presented = Encoding.ASCII.GetBytes(value[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, presented)
            && time.GetUtcNow().ToUnixTimeSeconds() < expiry;
    }

    private byte[] Sign(string expiry) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(expiry));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static CookieOptions CookieOptions(HttpContext context, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
