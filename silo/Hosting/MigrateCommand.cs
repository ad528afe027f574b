using FlashSale.Storage.Domain;
using FlashSale.Storage.Postgres;

namespace FlashSale.Silo.Hosting;

/// <summary><c>dotnet run --project silo -- migrate --postgres "..."</c>: applies the PostgreSQL
/// schema migrations and exits (the silo also applies them at start).</summary>
internal static class MigrateCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationManager();
        SiloConfiguration.Apply(configuration, args[1..]);
        var connectionString = configuration["Silo:PostgresConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("migrate needs a PostgreSQL connection string: --postgres \"Host=...\" or FLASHSALE_POSTGRES");
            return 2;
        }

        try
        {
            var applied = await PostgresMigrator.MigrateAsync(connectionString);
            Console.WriteLine(applied.Count == 0
                ? "schema is up to date"
                : $"applied: {string.Join(", ", applied)}");
            return 0;
        }
        catch (StorageUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"cannot reach PostgreSQL: {ex.Message}");
            return 1;
        }
    }
}
