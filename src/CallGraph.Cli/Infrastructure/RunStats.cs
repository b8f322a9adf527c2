using System.Diagnostics;
using System.Globalization;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// Resource use of this process, for <c>callgraph bench</c>: when the environment variable
/// <see cref="Variable"/> names a file, the process writes its peak resident set (VmHWM from
/// /proc/self/status), CPU times and GC counts there as it exits.
/// </summary>
internal static class RunStats
{
    public const string Variable = "CALLGRAPH_RUN_STATS";

    public static void WriteIfRequested()
    {
        string? path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path)) return;
        using var self = Process.GetCurrentProcess();
        long peakKb = PeakRssKb() ?? self.PeakWorkingSet64 / 1024;
        var ci = CultureInfo.InvariantCulture;
        File.WriteAllText(path, string.Join('\n',
            string.Create(ci, $"peak_rss_kb={peakKb}"),
            string.Create(ci, $"user_s={self.UserProcessorTime.TotalSeconds:0.000}"),
            string.Create(ci, $"sys_s={self.PrivilegedProcessorTime.TotalSeconds:0.000}"),
            string.Create(ci, $"gc0={GC.CollectionCount(0)}"),
            string.Create(ci, $"gc1={GC.CollectionCount(1)}"),
            string.Create(ci, $"gc2={GC.CollectionCount(2)}"),
            string.Create(ci, $"gc_pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:0}")) + "\n");
    }

    /// <summary>VmHWM of /proc/self/status in KiB, or null off Linux.</summary>
    public static long? PeakRssKb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
