using System.Diagnostics;
using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Engines.DuckDb;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Benchmarks;

/// <summary>
/// "An analyst's SQL job in DuckDB": the aggregation SQL of the duckdb engine run alone on a world folder
/// (cdr.csv[.gz], members.csv, prefixes.csv), without the analysis and outputs that follow it in analyze.
/// Prints the counts, the pairs and the wall time; run it under /usr/bin/time -v for the peak RSS.
/// </summary>
public static class DuckDbSqlJob
{
    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: duckdb-sql WORLD_DIR [MEMORY_LIMIT]"); return 2; }
        string dir = args[0];
        var options = new DuckDbEngineOptions { MemoryLimit = args.Length > 1 ? args[1] : DuckDbEngineOptions.DefaultMemoryLimit };
        var clock = Stopwatch.StartNew();
        string prefixes = Path.Combine(dir, "prefixes.csv");
        var plan = File.Exists(prefixes)
            ? new NumberPlan(new OperatorTable(OperatorTable.ReadPrefixes(new StreamReader(prefixes), prefixes)))
            : NumberPlan.Default;
        Roster roster;
        using (var reader = new StreamReader(Path.Combine(dir, "members.csv"))) roster = Roster.Read(reader, "members.csv", plan);
        string cdr = File.Exists(Path.Combine(dir, "cdr.csv.gz")) ? Path.Combine(dir, "cdr.csv.gz") : Path.Combine(dir, "cdr.csv");
        var done = new DuckDbEngine([cdr], options).Aggregate(roster, plan, new CdrReaderOptions(), new AggregationOptions());
        var i = done.Ingest;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rows {i.RowsRead:N0}, accepted {i.Accepted:N0}, rejected {i.Rejected:N0}, duplicates {i.Duplicates:N0}, pairs {done.Aggregate.PairCount:N0}, {clock.Elapsed.TotalSeconds:0.00} s"));
        return 0;
    }
}
