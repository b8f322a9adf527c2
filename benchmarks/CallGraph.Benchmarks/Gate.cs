using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CallGraph.Benchmarks;

/// <summary>
/// The regression gate: runs every benchmark briefly (in process), then compares with a committed baseline
/// two figures that survive a noisy shared machine: bytes allocated per operation (exact from run to run)
/// and time as a ratio to <see cref="ReferenceBenchmarks.Reference"/> measured in the same run. Exit code 1
/// and a list of what regressed when any benchmark allocates or takes more than the tolerance allows.
/// </summary>
public static class Gate
{
    private const string ReferenceName = "ReferenceBenchmarks.Reference";

    public sealed record Entry(long AllocatedBytes, double TimeRatio, double MeanNs);

    public sealed record Baseline(long Cdrs, string Machine, Dictionary<string, Entry> Benchmarks);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static int Run(string[] args)
    {
        string baselinePath = Path.Combine("benchmarks", "baseline.json");
        bool update = false;
        double timeTolerance = 0.5, allocTolerance = 0.10;
        long cdrs = 300_000;
        string filter = "*";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--baseline": baselinePath = args[++i]; break;
                case "--update": update = true; break;
                case "--time-tolerance": timeTolerance = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--alloc-tolerance": allocTolerance = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--cdrs": cdrs = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--filter": filter = args[++i]; break;
                default:
                    Console.Error.WriteLine($"gate: unknown option {args[i]}");
                    Console.Error.WriteLine("usage: gate [--baseline FILE] [--update] [--time-tolerance 0.5] [--alloc-tolerance 0.10] [--cdrs 300000] [--filter SUBSTRING]");
                    return 2;
            }
        }

        Environment.SetEnvironmentVariable(BenchData.SizeVariable, cdrs.ToString(CultureInfo.InvariantCulture));
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7).WithId("gate");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        Type[] types = [typeof(ReferenceBenchmarks), typeof(ParserBenchmarks), typeof(NumberBenchmarks), typeof(AggregationBenchmarks), typeof(AnalysisBenchmarks)];
        var summaries = BenchmarkRunner.Run(types, config);

        var measured = new Dictionary<string, (double Mean, long Allocated)>(StringComparer.Ordinal);
        foreach (var summary in summaries)
            foreach (var report in summary.Reports)
            {
                var d = report.BenchmarkCase.Descriptor;
                string name = d.Type.Name + "." + d.WorkloadMethod.Name;
                if (report.ResultStatistics is null) { Console.Error.WriteLine($"gate: {name} produced no result"); return 2; }
                long allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
                measured[name] = (report.ResultStatistics.Mean, allocated);
            }
        if (!measured.TryGetValue(ReferenceName, out var reference)) { Console.Error.WriteLine("gate: the reference benchmark did not run"); return 2; }

        var current = measured.Where(kv => kv.Key != ReferenceName && (filter == "*" || kv.Key.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => new Entry(kv.Value.Allocated, kv.Value.Mean / reference.Mean, Math.Round(kv.Value.Mean, 1)), StringComparer.Ordinal);

        if (update)
        {
            var fresh = new Baseline(cdrs, $"{Environment.ProcessorCount} processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}", current);
            File.WriteAllText(baselinePath, JsonSerializer.Serialize(fresh, Json) + "\n");
            Console.WriteLine($"gate: wrote {current.Count} benchmarks to {baselinePath} (reference {reference.Mean / 1e6:0.00} ms)");
            return 0;
        }

        if (!File.Exists(baselinePath)) { Console.Error.WriteLine($"gate: no baseline at {baselinePath}; run with --update to create it"); return 2; }
        var baseline = JsonSerializer.Deserialize<Baseline>(File.ReadAllText(baselinePath), Json)!;
        if (baseline.Cdrs != cdrs) Console.WriteLine($"gate: warning: baseline was measured on {baseline.Cdrs:N0} CDRs, this run on {cdrs:N0}");

        var failures = new List<string>();
        Console.WriteLine();
        Console.WriteLine($"{"benchmark",-40} {"alloc B/op",14} {"baseline",14} {"time/ref",10} {"baseline",10}  verdict");
        foreach (var (name, now) in current)
        {
            if (!baseline.Benchmarks.TryGetValue(name, out var was))
            {
                Console.WriteLine($"{name,-40} {now.AllocatedBytes,14:N0} {"-",14} {now.TimeRatio,10:G4} {"-",10}  new (not in baseline)");
                continue;
            }
            var problems = new List<string>();
            // Allocations: exact in practice; the slack absorbs runtime-internal noise on tiny figures.
            if (now.AllocatedBytes > was.AllocatedBytes * (1 + allocTolerance) + 4096)
                problems.Add($"allocates {now.AllocatedBytes:N0} B/op, baseline {was.AllocatedBytes:N0} (+{Percent(now.AllocatedBytes, was.AllocatedBytes)})");
            if (now.TimeRatio > was.TimeRatio * (1 + timeTolerance))
                problems.Add($"time {now.TimeRatio:G4}x the reference, baseline {was.TimeRatio:G4}x (+{Percent(now.TimeRatio, was.TimeRatio)})");
            Console.WriteLine($"{name,-40} {now.AllocatedBytes,14:N0} {was.AllocatedBytes,14:N0} {now.TimeRatio,10:G4} {was.TimeRatio,10:G4}  {(problems.Count == 0 ? "ok" : "REGRESSED")}");
            failures.AddRange(problems.Select(p => $"{name}: {p}"));
        }
        foreach (var name in baseline.Benchmarks.Keys.Where(k => !current.ContainsKey(k) && (filter == "*" || k.Contains(filter, StringComparison.OrdinalIgnoreCase))))
            Console.WriteLine($"{name,-40} missing from this run (renamed or removed? refresh the baseline)");
        Console.WriteLine();
        if (failures.Count == 0)
        {
            Console.WriteLine($"gate: ok ({current.Count} benchmarks within +{allocTolerance:0%} allocations and +{timeTolerance:0%} time relative to the reference)");
            return 0;
        }
        Console.WriteLine($"gate: {failures.Count} regression(s):");
        foreach (var f in failures) Console.WriteLine("  " + f);
        return 1;
    }

    private static string Percent(double now, double was) => was == 0 ? "new" : ((now - was) / was).ToString("0%", CultureInfo.InvariantCulture);
}
