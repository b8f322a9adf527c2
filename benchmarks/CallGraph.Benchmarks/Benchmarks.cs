using BenchmarkDotNet.Attributes;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Graphs;
using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Benchmarks;

/// <summary>The CDR reader on one thread over 16 MiB of generated CSV; one operation = 1 MiB, so MB/s = 1 / mean.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    public const int MiB = 16;
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup() => _bytes = BenchData.Get().CdrPrefix(MiB << 20);

    /// <summary>Parse only: split lines and fields, numbers, times, cells (no duplicate filter).</summary>
    [Benchmark(OperationsPerInvoke = MiB)]
    public long ParsePerMiB() => Read(deduplicate: false);

    /// <summary>Parse and drop exact duplicates, as analyze does.</summary>
    [Benchmark(OperationsPerInvoke = MiB)]
    public long ParseDedupPerMiB() => Read(deduplicate: true);

    private long Read(bool deduplicate)
    {
        var options = new CdrReaderOptions { Threads = 1, Deduplicate = deduplicate };
        var result = CdrReader.Read([CdrSource.FromBytes("cdr.csv", _bytes)], () => new CountingSink(), options);
        return result.Sinks[0].Count;
    }
}

/// <summary>Number normalisation over a mix of written forms; one operation = one number.</summary>
[MemoryDiagnoser]
public class NumberBenchmarks
{
    private const int Count = 1024;
    private byte[][] _raw = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        string[] forms = ["{0}", "+86{0}", "0086{0}", "86{0}", "0{1}", "+86 {0}", "{2}"];
        _raw = Enumerable.Range(0, Count).Select(i =>
        {
            string mobile = "13" + rng.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string fixedLine = "10" + rng.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string service = "955" + rng.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return System.Text.Encoding.ASCII.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, forms[i % forms.Length], mobile, fixedLine, service));
        }).ToArray();
    }

    /// <summary>The full normaliser (prefix stripping, validation).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public ulong Normalize()
    {
        ulong sum = 0;
        foreach (var raw in _raw)
            if (NumberNormalizer.TryNormalize(raw, out var n, out _)) sum += n.Key;
        return sum;
    }

    /// <summary>The reader's field parser: a fast path for plain digits, else the normaliser.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public ulong ParseField()
    {
        ulong sum = 0;
        foreach (var raw in _raw)
            if (CdrRowParser.TryParseNumber(raw, out var n, out _)) sum += n.Key;
        return sum;
    }
}

/// <summary>Aggregation: every accepted CDR of the world through one sink, then Complete (sorted, gathered aggregate).</summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    private BenchData _data = null!;

    [GlobalSetup]
    public void Setup() => _data = BenchData.Get();

    [Benchmark]
    public int AddAndComplete()
    {
        var aggregator = new CallAggregator(_data.Roster, plan: _data.Plan);
        var sink = aggregator.CreateSink();
        foreach (ref readonly var c in _data.Cdrs.AsSpan()) sink.Add(in c);
        return aggregator.Complete().PairCount;
    }
}

/// <summary>The per-group analyses over every group of the world: CSR build, coupling scores, circle (prospects).</summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private BenchData _data = null!;

    [GlobalSetup]
    public void Setup() => _data = BenchData.Get();

    [Benchmark]
    public int GraphBuild()
    {
        int edges = 0;
        foreach (var g in _data.Roster.Groups) edges += GroupGraph.Build(_data.Aggregate, g).EdgeCount;
        return edges;
    }

    [Benchmark]
    public int CouplingAssess()
    {
        int n = 0;
        foreach (var g in _data.Graphs) n += _data.Assess(g).Length;
        return n;
    }

    [Benchmark]
    public int CircleAnalyze()
    {
        int n = 0;
        for (int i = 0; i < _data.Graphs.Length; i++)
        {
            if (_data.Graphs[i].MemberCount < 10) continue;
            n += CircleAnalysis.Analyze(_data.Graphs[i], _data.Plan, _data.Assessments[i], _data.Reached).Prospects.Count;
        }
        return n;
    }
}

/// <summary>
/// A fixed workload that does not depend on this code base: sorting and random probes into a table larger
/// than cache. The gate divides every time by it, so a machine that is slower or busier overall does not
/// look like a regression.
/// </summary>
[MemoryDiagnoser]
public class ReferenceBenchmarks
{
    private ulong[] _keys = [];
    private ulong[] _work = [];
    private ulong[] _table = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(11);
        _keys = Enumerable.Range(0, 1 << 18).Select(_ => (ulong)rng.NextInt64()).ToArray();
        _work = new ulong[_keys.Length];
        _table = new ulong[1 << 22]; // 32 MiB
    }

    [Benchmark]
    public ulong Reference()
    {
        _keys.CopyTo(_work, 0);
        Array.Sort(_work);
        ulong sum = 0;
        int mask = _table.Length - 1;
        foreach (ulong k in _work)
        {
            int i = (int)((k * 0x9E3779B97F4A7C15UL) >> 40) & mask;
            sum += _table[i];
            _table[i] = k;
        }
        return sum;
    }
}
