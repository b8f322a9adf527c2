using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace CallGraph.Benchmarks;

/// <summary>
/// The regression gate. Each measurement is a child process (tiered compilation off, as the CLI runs) that runs
/// every suite briefly in process, with the reference loop measured before and after each suite. The gate then
/// holds two figures against <c>benchmarks/baseline.json</c>:
/// <list type="bullet">
/// <item>bytes allocated per operation, which repeat from run to run: a rise past the tolerance fails;</item>
/// <item>time as a ratio to the reference measured next to it: it fails only for a benchmark whose ratio was
/// stable across the baseline's runs, by more than a tolerance derived from that spread, and only when the
/// machine's load did not change during the suite (the reference before and after agree); otherwise a rise is a
/// warning.</item>
/// </list>
/// Exit codes: 0 pass (warnings allowed), 1 regression, 2 usage or measurement error.
/// </summary>
public static class Gate
{
    private const string ReferenceName = "ReferenceBenchmarks.Reference";

    /// <summary>
    /// Allocation bar: a benchmark fails above baseline × (1 + this) + <see cref="AllocSlackBytes"/>. Over 5 unchanged
    /// runs the largest benchmarks varied by under 1% (see benchmarks/README.md, "Regression gate"); 3% leaves room for that and
    /// still catches a plant of one extra buffer per group.
    /// </summary>
    public const double AllocTolerance = 0.03;

    /// <summary>Absolute allocation slack: runtime-internal allocations (a tiering or thread-pool object) on tiny figures.</summary>
    public const long AllocSlackBytes = 2048;

    /// <summary>
    /// A benchmark's time is gated only when its ratio to the reference moved by at most this much (max/min − 1)
    /// across the baseline's runs; a noisier one reports a rise as a warning. Measured spreads: benchmarks/README.md.
    /// </summary>
    public const double StableSpread = 0.20;

    /// <summary>
    /// Time bar of a gated benchmark: baseline ratio × (1 + max(this, <see cref="SpreadMultiple"/> × its measured spread)).
    /// A benchmark whose time is not gated gets a warning past baseline × (1 + this).
    /// </summary>
    public const double MinTimeTolerance = 0.30;

    /// <summary>
    /// A handful of runs sees less than the full range of the noise, so the tolerance is this multiple of the spread
    /// measured when the baseline was made.
    /// </summary>
    public const double SpreadMultiple = 2.0;

    /// <summary>
    /// When the reference measured before and after a suite differs by more than this, the machine's load changed
    /// during the suite, so its ratios mean little: their time verdicts become warnings.
    /// </summary>
    public const double ReferenceDriftLimit = 0.20;

    /// <summary>Runs combined into a baseline by <c>--update</c> unless <c>--runs</c> says otherwise.</summary>
    private const int UpdateRuns = 5;

    /// <summary>One benchmark in one measurement run.</summary>
    public sealed record Measured(long AllocatedBytes, double MinNs, double MedianNs, double TimeRatio, double ReferenceDrift);

    /// <summary>One benchmark in the baseline: figures combined over its runs and how much they moved.</summary>
    public sealed record Entry(long AllocatedBytes, long AllocatedSpreadBytes, double TimeRatio, double TimeSpread, bool TimeGated, double MedianNs);

    public sealed record Baseline(long Cdrs, string Machine, int Runs, Dictionary<string, Entry> Benchmarks);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private const string Usage = "usage: gate [--baseline FILE] [--update] [--runs N] [--cdrs 300000] [--filter SUBSTRING] [--alloc-tolerance 0.03]";

    public static int Run(string[] args)
    {
        string baselinePath = Path.Combine("benchmarks", "baseline.json");
        bool update = false;
        int? runs = null;
        double allocTolerance = AllocTolerance;
        long cdrs = 300_000;
        string filter = "*";
        string? measureTo = null;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--baseline": baselinePath = args[++i]; break;
                    case "--update": update = true; break;
                    case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--alloc-tolerance": allocTolerance = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--cdrs": cdrs = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--filter": filter = args[++i]; break;
                    case "--measure": measureTo = args[++i]; break; // internal: the child process's mode
                    default: throw new FormatException($"unknown option {args[i]}");
                }
            }
            if (runs is < 1) throw new FormatException("--runs must be at least 1");
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            Console.Error.WriteLine($"gate: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (measureTo is not null) return Measure(cdrs, measureTo);

        var measurements = new List<Dictionary<string, Measured>>();
        int count = runs ?? (update ? UpdateRuns : 1);
        for (int r = 1; r <= count; r++)
        {
            var run = MeasureInChild(cdrs, r, count);
            if (run is null) return 2;
            measurements.Add(run.Where(kv => filter == "*" || kv.Key.Contains(filter, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        }

        if (update)
        {
            var fresh = new Baseline(cdrs, $"{Environment.ProcessorCount} processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
                count, Combine(measurements));
            File.WriteAllText(baselinePath, JsonSerializer.Serialize(fresh, Json) + "\n");
            Console.WriteLine($"gate: wrote {fresh.Benchmarks.Count} benchmarks from {count} runs to {baselinePath}");
            foreach (var (name, e) in fresh.Benchmarks)
                Console.WriteLine($"  {name,-40} alloc {e.AllocatedBytes,12:N0} ±{e.AllocatedSpreadBytes,8:N0} B  time/ref {e.TimeRatio,10:G4} spread {e.TimeSpread,6:P0}  {(e.TimeGated ? "time gated" : "time warns only")}");
            return 0;
        }

        if (!File.Exists(baselinePath)) { Console.Error.WriteLine($"gate: no baseline at {baselinePath}; run with --update to create it"); return 2; }
        var baseline = JsonSerializer.Deserialize<Baseline>(File.ReadAllText(baselinePath), Json)!;
        if (baseline.Cdrs != cdrs) Console.WriteLine($"gate: warning: baseline was measured on {baseline.Cdrs:N0} CDRs, this run on {cdrs:N0}");
        return Compare(baseline, Combine(measurements), measurements, filter, allocTolerance);
    }

    /// <summary>Compares a combined measurement with the baseline and prints the table; returns the exit code.</summary>
    private static int Compare(Baseline baseline, Dictionary<string, Entry> now, List<Dictionary<string, Measured>> runs, string filter, double allocTolerance)
    {
        var failures = new List<string>();
        var warnings = new List<string>();
        Console.WriteLine();
        Console.WriteLine($"{"benchmark",-40} {"alloc B/op",12} {"baseline",12} {"time/ref",10} {"baseline",10} {"bar",7}  verdict");
        foreach (var (name, cur) in now)
        {
            if (!baseline.Benchmarks.TryGetValue(name, out var was))
            {
                Console.WriteLine($"{name,-40} {cur.AllocatedBytes,12:N0} {"-",12} {cur.TimeRatio,10:G4} {"-",10} {"-",7}  new (not in baseline)");
                continue;
            }
            string verdict = "ok";
            double allocBar = was.AllocatedBytes * (1 + allocTolerance) + AllocSlackBytes;
            if (cur.AllocatedBytes > allocBar)
            {
                verdict = "REGRESSED";
                failures.Add($"{name}: allocates {cur.AllocatedBytes:N0} B/op, baseline {was.AllocatedBytes:N0} (+{Percent(cur.AllocatedBytes, was.AllocatedBytes)}; bar {allocBar:N0})");
            }
            double timeTolerance = was.TimeGated ? Math.Max(MinTimeTolerance, SpreadMultiple * was.TimeSpread) : MinTimeTolerance;
            if (cur.TimeRatio > was.TimeRatio * (1 + timeTolerance))
            {
                string what = $"{name}: time {cur.TimeRatio:G4}x the reference, baseline {was.TimeRatio:G4}x (+{Percent(cur.TimeRatio, was.TimeRatio)}, bar +{timeTolerance:0%})";
                // The reference drift of the run that counts most (the median) decides whether the load held still.
                double drift = runs.Where(r => r.ContainsKey(name)).Select(r => r[name].ReferenceDrift).Order().ElementAt(runs.Count(r => r.ContainsKey(name)) / 2);
                if (!was.TimeGated)
                    warnings.Add($"{what}; not gated: its ratio moved {was.TimeSpread:0%} across the baseline's runs");
                else if (drift > ReferenceDriftLimit)
                    warnings.Add($"{what}; the reference moved {drift:0%} during the suite (load changed), so not counted");
                else
                {
                    failures.Add(what);
                    verdict = "REGRESSED";
                }
                if (verdict == "ok") verdict = "warning";
            }
            Console.WriteLine($"{name,-40} {cur.AllocatedBytes,12:N0} {was.AllocatedBytes,12:N0} {cur.TimeRatio,10:G4} {was.TimeRatio,10:G4} {(was.TimeGated ? $"+{timeTolerance:0%}" : "warn"),7}  {verdict}");
        }
        foreach (var name in baseline.Benchmarks.Keys.Where(k => !now.ContainsKey(k) && (filter == "*" || k.Contains(filter, StringComparison.OrdinalIgnoreCase))))
            Console.WriteLine($"{name,-40} missing from this run (renamed or removed? refresh the baseline)");
        Console.WriteLine();
        foreach (var w in warnings) Console.WriteLine("gate: warning: " + w);
        if (failures.Count == 0)
        {
            Console.WriteLine($"gate: ok ({now.Count} benchmarks; allocations within +{allocTolerance:0%} + {AllocSlackBytes} B, gated times within their bars; {warnings.Count} warning(s))");
            return 0;
        }
        Console.WriteLine($"gate: {failures.Count} regression(s):");
        foreach (var f in failures) Console.WriteLine("  " + f);
        return 1;
    }

    /// <summary>
    /// Combines runs: the largest allocation seen (so a baseline does not sit below its own noise), the median time
    /// ratio, and the spreads (max − min bytes, max/min − 1 of the ratio).
    /// </summary>
    private static Dictionary<string, Entry> Combine(List<Dictionary<string, Measured>> runs)
    {
        var names = runs.SelectMany(r => r.Keys).Distinct().Order(StringComparer.Ordinal);
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var seen = runs.Where(r => r.ContainsKey(name)).Select(r => r[name]).ToList();
            long maxAlloc = seen.Max(m => m.AllocatedBytes), minAlloc = seen.Min(m => m.AllocatedBytes);
            var ratios = seen.Select(m => m.TimeRatio).Order().ToList();
            double spread = ratios[0] > 0 ? ratios[^1] / ratios[0] - 1 : 0;
            // One run shows no spread at all, so a single-run baseline gates no time.
            bool gated = seen.Count >= 3 && spread <= StableSpread;
            result[name] = new Entry(maxAlloc, maxAlloc - minAlloc, Median(ratios), Math.Round(spread, 4), gated,
                Math.Round(Median(seen.Select(m => m.MedianNs).Order().ToList()), 1));
        }
        return result;
    }

    /// <summary>Runs one measurement in a child process with tiered compilation off; its BenchmarkDotNet log goes to a file.</summary>
    private static Dictionary<string, Measured>? MeasureInChild(long cdrs, int run, int runs)
    {
        string dir = Path.Combine("BenchmarkDotNet.Artifacts", "gate");
        Directory.CreateDirectory(dir);
        string result = Path.GetFullPath(Path.Combine(dir, $"run-{run}.json"));
        string log = Path.GetFullPath(Path.Combine(dir, $"run-{run}.log"));
        File.Delete(result);
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Started as `dotnet X.dll`: the child needs the assembly named; an apphost is the program itself.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(Gate).Assembly.Location);
        foreach (string a in new[] { "gate", "--measure", result, "--cdrs", cdrs.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        // The CLI runs with tiered compilation off; so does the gate, so that short warm-ups measure final code.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"gate: measurement {run}/{runs} (log {log})");
        using var child = Process.Start(start)!;
        using var writer = new StreamWriter(log);
        var gate = new object();
        child.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) writer.WriteLine(e.Data); };
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) writer.WriteLine(e.Data); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        child.WaitForExit();
        writer.Flush();
        if (child.ExitCode != 0 || !File.Exists(result))
        {
            Console.Error.WriteLine($"gate: measurement {run} failed (exit {child.ExitCode}); see {log}");
            return null;
        }
        Console.WriteLine($"gate: measurement {run}/{runs} done in {clock.Elapsed.TotalSeconds:0} s");
        return JsonSerializer.Deserialize<Dictionary<string, Measured>>(File.ReadAllText(result), Json);
    }

    /// <summary>The child's work: every suite with the reference before and after it; writes the figures as JSON.</summary>
    private static int Measure(long cdrs, string resultPath)
    {
        Environment.SetEnvironmentVariable(BenchData.SizeVariable, cdrs.ToString(CultureInfo.InvariantCulture));
        // Short iterations, many of them: the median of 9 resists a burst of load better than the mean of a few long ones.
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(9)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("gate");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableLogFile);
        Type[] suites = [typeof(ParserBenchmarks), typeof(NumberBenchmarks), typeof(AggregationBenchmarks), typeof(AnalysisBenchmarks)];

        var results = new Dictionary<string, Measured>(StringComparer.Ordinal);
        double referenceBefore = TimesOf(BenchmarkRunner.Run<ReferenceBenchmarks>(config), ReferenceName).MinNs;
        foreach (var suite in suites)
        {
            var summary = BenchmarkRunner.Run(suite, config);
            double referenceAfter = TimesOf(BenchmarkRunner.Run<ReferenceBenchmarks>(config), ReferenceName).MinNs;
            double reference = (referenceBefore + referenceAfter) / 2;
            double drift = Math.Max(referenceBefore, referenceAfter) / Math.Min(referenceBefore, referenceAfter) - 1;
            foreach (var report in summary.Reports)
            {
                string name = report.BenchmarkCase.Descriptor.Type.Name + "." + report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                var (min, median, allocated) = TimesOf(summary, name);
                results[name] = new Measured(allocated, Math.Round(min, 1), Math.Round(median, 1), min / reference, Math.Round(drift, 4));
            }
            referenceBefore = referenceAfter;
        }
        File.WriteAllText(resultPath, JsonSerializer.Serialize(results, Json));
        return 0;
    }

    /// <summary>
    /// Fastest and median time per operation of the measured iterations, and allocated bytes per operation, of one
    /// benchmark. Ratios use the fastest iteration: load only ever adds time, so the least disturbed iteration is the
    /// steadiest figure (over 5 runs at load 2-19 the ratios of the fastest iterations moved 18-40% for most
    /// benchmarks, those of the medians 24-121%).
    /// </summary>
    private static (double MinNs, double MedianNs, long Allocated) TimesOf(BenchmarkDotNet.Reports.Summary summary, string name)
    {
        var report = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.Type.Name + "." + r.BenchmarkCase.Descriptor.WorkloadMethod.Name == name);
        if (report.ResultStatistics is null) throw new InvalidOperationException($"{name} produced no result");
        var times = report.AllMeasurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Result)
            .Select(m => m.GetAverageTime().Nanoseconds).Order().ToList();
        long allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        return (times[0], Median(times), allocated);
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Percent(double now, double was) => was == 0 ? "new" : ((now - was) / was).ToString("0%", CultureInfo.InvariantCulture);
}
