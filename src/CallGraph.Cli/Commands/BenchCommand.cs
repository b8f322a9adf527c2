using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CallGraph.Cli.Infrastructure;
using CallGraph.Synthetic;

namespace CallGraph.Cli.Commands;

/// <summary>
/// <c>callgraph bench</c>: end-to-end throughput. Generates a world once (reused when its files are
/// there), runs <c>analyze</c> on it K times as child processes and reports the median wall time,
/// CPU time, CDRs/s, MB/s and the child's peak resident memory.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var cdrs = new Option<long>("--cdrs") { Description = "CDR rows of the generated world.", DefaultValueFactory = _ => 10_000_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated world.", DefaultValueFactory = _ => 1 };
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "World folder (default: callgraph-bench-N-S in the temp folder); generated only when cdr.csv or members.csv is missing." };
        var runs = new Option<int>("--runs") { Description = "Timed runs of analyze.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int?>("--threads") { Description = "--threads passed to analyze (default: its own default, the processor count)." };
        var command = new Command("bench", "Time `analyze` end to end on a generated world: median wall and CPU time, CDRs/s, MB/s, peak memory.");
        foreach (var o in new Option[] { cdrs, seed, dir, runs, threads }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var ci = CultureInfo.InvariantCulture;
            long n = parse.GetValue(cdrs);
            ulong s = parse.GetValue(seed);
            int k = parse.GetValue(runs);
            if (n < 1) throw new UsageException("--cdrs must be at least 1");
            if (k < 1) throw new UsageException("--runs must be at least 1");
            int? t = parse.GetValue(threads);
            if (t is < 1) throw new UsageException("--threads must be at least 1");
            string world = parse.GetValue(dir)?.FullName ?? Path.Combine(Path.GetTempPath(), string.Create(ci, $"callgraph-bench-{n}-{s}"));

            string cdrFile = Path.Combine(world, WorldFiles.Cdr);
            if (File.Exists(cdrFile) && File.Exists(Path.Combine(world, WorldFiles.Members)))
                stdout.WriteLine($"world: reusing {world}");
            else
            {
                stdout.WriteLine(string.Create(ci, $"world: generating {n:N0} CDRs (seed {s}) into {world}"));
                WorldGenerator.Write(new WorldOptions(n, s), new DirectoryWorldOutput(world));
            }
            long bytes = new FileInfo(cdrFile).Length;
            long rows = CountRows(cdrFile);
            string survey = Path.Combine(world, WorldFiles.Survey);
            string outRoot = Path.Combine(Path.GetTempPath(), $"callgraph-bench-out-{Environment.ProcessId}");
            stdout.WriteLine(string.Create(ci, $"input: {rows:N0} rows, {bytes / 1e6:0.0} MB; {Environment.ProcessorCount} processors; load average {LoadAverage()}"));

            var results = new List<RunResult>();
            try
            {
                for (int run = 1; run <= k; run++)
                {
                    var args = new List<string> { "analyze", "--world", world, "--out", Path.Combine(outRoot, "run") };
                    if (File.Exists(survey)) args.AddRange(["--survey", survey]);
                    if (t is int threadCount) args.AddRange(["--threads", threadCount.ToString(ci)]);
                    var r = RunChild(args, Path.Combine(outRoot, "stats.txt"));
                    results.Add(r);
                    stdout.WriteLine(string.Create(ci,
                        $"run {run}: wall {r.Wall:0.000} s, cpu {r.Cpu:0.000} s (user {r.User:0.000}, sys {r.Sys:0.000}), peak RSS {r.PeakKb / 1024.0:0} MB, GCs {r.Gcs}"));
                    if (r.ExitCode != 0)
                    {
                        stderr.WriteLine($"callgraph bench: analyze exited with code {r.ExitCode}:\n{r.Stderr}");
                        return r.ExitCode;
                    }
                }
            }
            finally
            {
                try { Directory.Delete(outRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            double wall = Median(results.Select(r => r.Wall));
            double cpu = Median(results.Select(r => r.Cpu));
            double peak = Median(results.Select(r => (double)r.PeakKb)) / 1024.0;
            stdout.WriteLine(string.Create(ci,
                $"median of {k}: wall {wall:0.000} s, cpu {cpu:0.000} s, {rows / wall / 1e6:0.00} M CDRs/s, {bytes / wall / 1e6:0.0} MB/s, peak RSS {peak:0} MB (max {results.Max(r => r.PeakKb) / 1024.0:0} MB); load average {LoadAverage()}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record RunResult(int ExitCode, double Wall, double User, double Sys, long PeakKb, string Gcs, string Stderr)
    {
        public double Cpu => User + Sys;
    }

    private static RunResult RunChild(List<string> args, string statsFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(statsFile)!);
        File.Delete(statsFile);
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string self = Environment.ProcessPath ?? "dotnet";
        start.FileName = self;
        // Run through the dotnet host when this process was (dotnet CallGraph.Cli.dll ...).
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment[RunStats.Variable] = statsFile;
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start analyze");
        var stderrTask = child.StandardError.ReadToEndAsync();
        child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        var stats = File.Exists(statsFile)
            ? File.ReadAllLines(statsFile).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1])
            : new Dictionary<string, string>();
        double Get(string key) => stats.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : double.NaN;
        string gcs = string.Create(CultureInfo.InvariantCulture, $"{Get("gc0")}/{Get("gc1")}/{Get("gc2")} (pause {Get("gc_pause_ms")} ms)");
        return new RunResult(child.ExitCode, wall, Get("user_s"), Get("sys_s"), (long)Get("peak_rss_kb"), gcs, stderrTask.Result);
    }

    private static long CountRows(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        long lines = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) lines += buffer.AsSpan(0, n).Count((byte)'\n');
        return Math.Max(0, lines - 1); // the header
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
