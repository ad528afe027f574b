namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>What "a silo as its own host" needs from the machine: root, a writable cgroup v1
/// <c>cpu</c> controller and the <c>ip</c> tool. A test that needs them and finds them missing fails
/// with a message that says what is missing; it never passes without having run.</summary>
internal static class SimulatedHostRequirements
{
    public const string CpuRoot = "/sys/fs/cgroup/cpu";

    public static void Ensure()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("simulated hosts need Linux (cgroups, network namespaces)");
        }

        if (!IsRoot())
        {
            throw new InvalidOperationException("this test runs silos as simulated hosts (cgroups, network namespaces) and needs root: run it as root (CI does)");
        }

        if (!File.Exists(Path.Combine(CpuRoot, "cgroup.procs")))
        {
            throw new InvalidOperationException($"this test needs the cgroup v1 cpu controller at {CpuRoot}");
        }

        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
        {
            throw new InvalidOperationException("this test needs the ip tool (Debian package iproute2)");
        }
    }

    /// <summary>Effective uid 0, from /proc/self/status ("Uid: real effective saved fs").</summary>
    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status")
            .Where(line => line.StartsWith("Uid:", StringComparison.Ordinal))
            .Select(line => line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[2])
            .FirstOrDefault() == "0";
}
