using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Graphs;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using CallGraph.Synthetic;

namespace CallGraph.Benchmarks;

/// <summary>
/// Inputs shared by the benchmarks: one synthetic world generated in memory (deterministic by seed), its
/// CDR bytes, parsed CDRs, roster, aggregate, graphs and assessments. Built once per process and size.
/// The size comes from the environment variable CALLGRAPH_BENCH_CDRS (default 1,000,000; the gate uses less).
/// </summary>
public sealed class BenchData
{
    public const string SizeVariable = "CALLGRAPH_BENCH_CDRS";
    private static readonly Dictionary<long, BenchData> Cache = new();

    public static long DefaultCdrs =>
        long.TryParse(Environment.GetEnvironmentVariable(SizeVariable), out long n) && n > 0 ? n : 1_000_000;

    public static BenchData Get() => Get(DefaultCdrs);

    public static BenchData Get(long cdrs)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(cdrs, out var data)) Cache[cdrs] = data = new BenchData(cdrs);
            return data;
        }
    }

    private BenchData(long cdrs)
    {
        var output = new MemoryOutput();
        WorldGenerator.Write(new WorldOptions(cdrs, 7), output);
        CdrBytes = output.Bytes(WorldFiles.Cdr);
        Plan = NumberPlan.Default;
        using (var reader = new StreamReader(new MemoryStream(output.Bytes(WorldFiles.Members))))
            Roster = Roster.Read(reader, WorldFiles.Members, Plan);
        var collect = CdrReader.Read([CdrSource.FromBytes("cdr.csv", CdrBytes)], () => new CollectingSink(), new CdrReaderOptions { Threads = 1 });
        Cdrs = collect.Sinks[0].Cdrs.ToArray();
        var aggregator = new CallAggregator(Roster, plan: Plan);
        var sink = aggregator.CreateSink();
        foreach (ref readonly var c in Cdrs.AsSpan()) sink.Add(in c);
        Aggregate = aggregator.Complete();
        Graphs = Roster.Groups.Select(g => GroupGraph.Build(Aggregate, g)).ToArray();
        // The run-wide tables coupling reads are built once per run, as GroupAnalyzer does, not per group.
        Reach = EntriesReached.Count(Aggregate);
        RostersOfEntries = MemberCoupling.RostersOfEntries(Roster);
        Assessments = Graphs.Select(Assess).ToArray();
        Reached = new Dictionary<ulong, int>();
        foreach (var graph in Graphs)
            for (int c = 0; c < graph.ContactCount; c++)
            {
                ulong key = graph.NumberOf(graph.MemberCount + c).Key;
                Reached[key] = Reached.GetValueOrDefault(key) + 1;
            }
    }

    /// <summary>The generated dump as written to cdr.csv.</summary>
    public byte[] CdrBytes { get; }

    public NumberPlan Plan { get; }

    public Roster Roster { get; }

    /// <summary>Every accepted CDR of the dump (duplicates removed), in file order.</summary>
    public Cdr[] Cdrs { get; }

    public CallAggregate Aggregate { get; }

    public GroupGraph[] Graphs { get; }

    public MemberAssessment[][] Assessments { get; }

    /// <summary>Roster entries reaching each party, for coupling's embeddedness.</summary>
    internal EntriesReached Reach { get; }

    /// <summary>Rosters each entry's number is on.</summary>
    public int[] RostersOfEntries { get; }

    /// <summary>Coupling of one group with the run-wide tables built once.</summary>
    public MemberAssessment[] Assess(GroupGraph graph)
    {
        var result = new MemberAssessment[graph.MemberCount];
        MemberCoupling.Assess(graph, Aggregate, Plan, new CouplingOptions(), new MemberCoupling.Scratch(), result, Reach, RostersOfEntries);
        return result;
    }

    public Dictionary<ulong, int> Reached { get; }

    /// <summary>The first <paramref name="bytes"/> bytes of the dump, cut after a line and padded with blank lines (which the reader skips) to exactly that size.</summary>
    public byte[] CdrPrefix(int bytes)
    {
        var result = new byte[bytes];
        int take = Math.Min(bytes, CdrBytes.Length);
        int cut = CdrBytes.AsSpan(0, take).LastIndexOf((byte)'\n') + 1;
        CdrBytes.AsSpan(0, cut).CopyTo(result);
        result.AsSpan(cut).Fill((byte)'\n');
        return result;
    }

    private sealed class MemoryOutput : IWorldOutput
    {
        private readonly Dictionary<string, MemoryStream> _files = new(StringComparer.Ordinal);

        public Stream Create(string fileName) => _files[fileName] = new MemoryStream();

        public byte[] Bytes(string name) => _files[name].ToArray();
    }

    private sealed class CollectingSink : ICdrSink
    {
        public readonly List<Cdr> Cdrs = new();

        public void Add(in Cdr cdr) => Cdrs.Add(cdr);
    }
}

/// <summary>A sink that only counts (so the parser benchmark measures the reader alone).</summary>
public sealed class CountingSink : ICdrSink
{
    public long Count;

    public void Add(in Cdr cdr) => Count++;
}
