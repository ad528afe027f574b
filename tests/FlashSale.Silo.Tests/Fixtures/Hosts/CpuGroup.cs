using System.Globalization;

namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>
/// A cgroup v1 <c>cpu</c> group capping its processes at a share of one core, as if they ran on a
/// smaller host. The period is 10 ms, not the kernel's 100 ms default: with 100 ms a capped silo
/// runs in long bursts then stalls for most of the period, which showed only 1.1–1.7× for three
/// silos where 10 ms showed 3.1× (issue 13). A process put in a capped group should also run with
/// <c>DOTNET_ProcessorCount=1</c> (<see cref="HostedSiloProcess"/> does).
/// </summary>
internal sealed class CpuGroup : IDisposable
{
    public const int PeriodMicroseconds = 10_000;

    private CpuGroup(string path, double share)
    {
        Path = path;
        Share = share;
    }

    /// <summary>The group's directory under /sys/fs/cgroup/cpu.</summary>
    public string Path { get; }

    /// <summary>Cores this group may use (0: not capped).</summary>
    public double Share { get; }

    public bool IsCapped => Share > 0;

    /// <summary>Creates <c>/sys/fs/cgroup/cpu/<paramref name="name"/></c> with <paramref name="share"/>
    /// of a core (0 or less: no cap).</summary>
    public static CpuGroup Create(string name, double share)
    {
        SimulatedHostRequirements.Ensure();
        var path = System.IO.Path.Combine(SimulatedHostRequirements.CpuRoot, name);
        Directory.CreateDirectory(path);
        var group = new CpuGroup(path, share);
        try
        {
            group.Write("cpu.cfs_period_us", PeriodMicroseconds);
            // The kernel takes no quota under 1 ms.
            group.Write("cpu.cfs_quota_us", share > 0 ? Math.Max(1_000, (int)Math.Round(share * PeriodMicroseconds)) : -1);
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>Moves a whole process (every thread) into the group.</summary>
    public void Add(int pid) => File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file a shell writes its own pid to (<c>echo $$ &gt; …</c>) to join before it execs.</summary>
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>Periods in which the group ran out of quota so far (cpu.stat nr_throttled).</summary>
    public long ThrottledPeriods =>
        File.ReadLines(System.IO.Path.Combine(Path, "cpu.stat"))
            .Where(line => line.StartsWith("nr_throttled ", StringComparison.Ordinal))
            .Select(line => long.Parse(line["nr_throttled ".Length..], CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>Moves whatever is left back to the parent group, then removes the group.</summary>
    public void Dispose()
    {
        try
        {
            foreach (var pid in File.ReadAllLines(ProcsFile).Where(l => l.Length > 0))
            {
                File.WriteAllText(System.IO.Path.Combine(SimulatedHostRequirements.CpuRoot, "cgroup.procs"), pid);
            }

            Directory.Delete(Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A process that exits while we move it leaves the group on its own; a leftover empty group is harmless.
        }
    }

    private void Write(string file, int value) =>
        File.WriteAllText(System.IO.Path.Combine(Path, file), value.ToString(CultureInfo.InvariantCulture));
}
