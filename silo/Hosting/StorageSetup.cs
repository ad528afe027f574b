using FlashSale.Storage;
using FlashSale.Storage.Hosting;
using FlashSale.Storage.Resilience;
using Microsoft.Extensions.Options;

namespace FlashSale.Silo.Hosting;

/// <summary>Chooses the grains' storage from the silo options: SQLite under the data directory
/// (the embedded default), PostgreSQL, or memory.</summary>
internal static class StorageSetup
{
    public static void Configure(ISiloBuilder silo, SiloOptions options, IConfiguration configuration)
    {
        var kind = SiloApp.StorageKind(options);
        // Retries and circuit breaker (section "Storage:Resilience", e.g. --Storage:Resilience:BreakDuration=00:00:05).
        var resilience = configuration.GetSection("Storage:Resilience").Get<StorageResilienceOptions>() ?? new StorageResilienceOptions();
        switch (kind)
        {
            case "postgres":
                silo.AddFlashSaleStorage(new FlashSaleStorageOptions
                {
                    Kind = FlashSaleStorageOptions.PostgresKind,
                    Resilience = resilience,
                    PostgresConnectionString = options.PostgresConnectionString
                        ?? throw new OptionsValidationException("Silo:PostgresConnectionString", typeof(SiloOptions),
                            ["storage postgres needs a connection string: --postgres or FLASHSALE_POSTGRES"]),
                });
                break;
            case "sqlite":
                OwnerOnly.EnsureDirectory(options.DataDirectory); // 0700: customers' data
                silo.AddFlashSaleStorage(new FlashSaleStorageOptions
                {
                    Kind = FlashSaleStorageOptions.SqliteKind,
                    Resilience = resilience,
                    SqlitePath = Path.Combine(options.DataDirectory, "flashsale.db"),
                    SqlitePowerCutSafe = options.PowerCutSafe,
                });
                break;
            case "memory":
                silo.AddFlashSaleStorage(new FlashSaleStorageOptions { Kind = FlashSaleStorageOptions.MemoryKind });
                break;
            default:
                throw new OptionsValidationException("Silo:Storage", typeof(SiloOptions),
                    [$"storage '{options.Storage}' is not supported: use sqlite, postgres or memory"]);
        }
    }
}
