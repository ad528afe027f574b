namespace FlashSale.Grains.Common;

/// <summary>The Orleans grain-storage provider the grains' persistent states use; the silo
/// registers it (FlashSale.Storage: SQLite, PostgreSQL through Orleans' ADO.NET provider, or memory).</summary>
public static class StateStorage
{
    public const string ProviderName = "flashsale";

    /// <summary>The state name under which each grain keeps its one persistent state.</summary>
    public const string StateName = "state";
}
