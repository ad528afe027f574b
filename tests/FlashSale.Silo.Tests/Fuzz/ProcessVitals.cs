using System.Globalization;

namespace FlashSale.Silo.Tests.Fuzz;

/// <summary>Resident memory, threads and open file descriptors of a process, from /proc (Linux).</summary>
internal readonly record struct ProcessVitals(long ResidentBytes, int Threads, int OpenFiles)
{
    public static ProcessVitals Of(int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var files = Directory.GetFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd").Length;
        return new ProcessVitals(rss, threads, files);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"RSS {ResidentBytes / (1024 * 1024)} MB, {Threads} threads, {OpenFiles} open files");
}
