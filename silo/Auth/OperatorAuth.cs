namespace FlashSale.Silo.Auth;

/// <summary>
/// The operator credential on the silo's HTTP endpoints. An endpoint that only operators may see
/// (dashboard, /metrics, the Orleans Dashboard) requires the ASP.NET Core authorization policy
/// <see cref="Policy"/>: <c>app.MapGet("/metrics", ...).RequireAuthorization(OperatorAuth.Policy)</c>.
/// It accepts the operator token or the admin token, as <c>authorization: Bearer &lt;token&gt;</c>
/// or in the cookie <see cref="CookieName"/>; without one, or with a wrong one, it answers 401.
/// </summary>
public static class OperatorAuth
{
    /// <summary>The authorization policy: the operator or the admin role.</summary>
    public const string Policy = "operator";

    /// <summary>The authentication scheme of the admin / operator tokens (<see cref="OperatorKeyHandler"/>).</summary>
    public const string Scheme = "OperatorKey";

    /// <summary>A browser's way to present the token (set it HttpOnly, SameSite=Strict).</summary>
    public const string CookieName = "flashsale_operator_token";
}
