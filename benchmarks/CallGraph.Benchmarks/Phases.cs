using System.Diagnostics;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Rosters;

namespace CallGraph.Benchmarks;

/// <summary>
/// Runs the steps of an analyze run one by one on a world folder (cdr.csv, members.csv) and prints, after
/// each, wall and CPU time, the managed heap and the resident set: where a run spends time and memory.
/// </summary>
public static class Phases
{
    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: phases WORLD_DIR [THREADS]"); return 2; }
        string dir = args[0];
        int threads = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        TimeSpan lastCpu = process.TotalProcessorTime;
        double lastWall = 0;
        long lastAllocated = GC.GetTotalAllocatedBytes(true);
        void Step(string name)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            double now = wall.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(true);
            Console.WriteLine($"{name,-22} wall {now - lastWall,7:0.000} s  cpu {(cpu - lastCpu).TotalSeconds,7:0.000} s  allocated {(allocated - lastAllocated) / 1048576.0,6:0} MB  heap {GC.GetTotalMemory(false) / 1048576.0,6:0} MB  rss {process.WorkingSet64 / 1048576.0,6:0} MB  peak {process.PeakWorkingSet64 / 1048576.0,6:0} MB");
            lastCpu = cpu;
            lastWall = now;
            lastAllocated = allocated;
        }

        var plan = NumberPlan.Default;
        Roster roster;
        using (var reader = new StreamReader(Path.Combine(dir, "members.csv"))) roster = Roster.Read(reader, "members.csv", plan);
        Step("roster");
        CdrSource[] sources = [CdrSource.FromFile(Path.Combine(dir, "cdr.csv"))];
        // Sized like CallGraphPipeline sizes it.
        var aggregator = new CallAggregator(roster, new AggregationOptions { ExpectedPairs = CallAggregator.EstimatePairs(sources, roster) }, plan);
        var ingest = CdrReader.Read(sources, aggregator.CreateSink, new CdrReaderOptions { Threads = threads });
        Step("read+aggregate");
        var aggregate = aggregator.Complete();
        Step("complete");
        var result = GroupAnalyzer.Analyze(aggregate, plan, new AnalysisOptions { Threads = threads });
        Step("analyze");
        using (var w = new StreamWriter(Stream.Null)) { ResultWriter.WriteMembers(w, result.Members); ResultWriter.WriteCircle(w, result.Prospects); ResultWriter.WriteCircle(w, result.PotentialMembers); ResultWriter.WriteCircle(w, result.CompetitorLike); }
        Step("format outputs");
        Console.WriteLine($"rows {ingest.Report.RowsRead:N0}, pairs {aggregate.PairCount:N0}, members {result.Members.Count:N0}, prospects {result.Prospects.Count:N0}");
        return 0;
    }
}
