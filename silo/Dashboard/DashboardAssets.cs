using System.Collections.Concurrent;

namespace FlashSale.Silo.Dashboard;

/// <summary>The page, script and style embedded in the silo assembly (Dashboard/Assets).</summary>
internal static class DashboardAssets
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Read(string name) => Cache.GetOrAdd(name, static name =>
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("FlashSale.Silo.Dashboard." + name)
            ?? throw new InvalidOperationException($"dashboard asset '{name}' is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
