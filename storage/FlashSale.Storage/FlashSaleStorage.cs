namespace FlashSale.Storage;

/// <summary>Names shared by the silo and the grains.</summary>
public static class FlashSaleStorage
{
    /// <summary>The named Orleans grain storage of FlashSale: grains declare
    /// <c>[PersistentState("state", FlashSaleStorage.ProviderName)]</c>.</summary>
    public const string ProviderName = "flashsale";

    /// <summary>The name of Orleans' ADO.NET grain storage that "flashsale" decorates on PostgreSQL.</summary>
    internal const string AdoNetProviderName = "flashsale-adonet";

    /// <summary>Orleans' ADO.NET invariant name of PostgreSQL (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";
}
