namespace FlashSale.Silo.Auth;

/// <summary>The operator-side roles. <see cref="Admin"/> may do everything; <see cref="Operator"/>
/// reads (the Admin service's queries, the dashboard, /metrics).</summary>
public static class Roles
{
    public const string Admin = "admin";

    public const string Operator = "operator";
}
