using FlashSale.Storage;
using FlashSale.Storage.Hosting;
using Microsoft.Extensions.Options;

namespace FlashSale.Silo.Hosting;

/// <summary>Chooses the grains' storage from the silo options: SQLite under the data directory
/// (the embedded default), PostgreSQL, or memory.</summary>
internal static class StorageSetup
{
    public static void Configure(ISiloBuilder silo, SiloOptions options)
    {
        var kind = SiloApp.StorageKind(options);
        switch (kind)
        {
            case "postgres":
                silo.AddFlashSaleStorage(new FlashSaleStorageOptions
                {
                    Kind = FlashSaleStorageOptions.PostgresKind,
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
                    SqlitePath = Path.Combine(options.DataDirectory, "flashsale.db"),
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
