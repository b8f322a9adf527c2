using System.IO.Compression;
using System.Text;
using CallGraph.Ingest;

namespace CallGraph.Tests.Ingest;

/// <summary>Collects every CDR it is given.</summary>
public sealed class ListSink : ICdrSink
{
    public List<Cdr> Items { get; } = [];

    public void Add(in Cdr cdr) => Items.Add(cdr);
}

/// <summary>Runs the reader over text held in memory.</summary>
public static class ReaderHarness
{
    public static CdrSource Text(string name, string text, bool gzip = false) =>
        CdrSource.FromBytes(name, gzip ? Gzip(Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(text), gzip);

    public static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(bytes);
        return output.ToArray();
    }

    public sealed record Outcome(IngestReport Report, List<Cdr> Cdrs, string Rejects);

    public static Outcome Read(string text, CdrReaderOptions? options = null, string name = "t.csv") =>
        Read([Text(name, text)], options);

    public static Outcome Read(IReadOnlyList<CdrSource> sources, CdrReaderOptions? options = null)
    {
        options ??= new CdrReaderOptions { Threads = 1 };
        var rejects = new StringWriter();
        var result = CdrReader.Read(sources, () => new ListSink(), options, rejects);
        var all = result.Sinks.SelectMany(s => s.Items).OrderBy(c => c.StartSeconds).ThenBy(c => c.Caller.Key)
            .ThenBy(c => c.Callee.Key).ThenBy(c => c.DurationSeconds).ThenBy(c => c.Type).ThenBy(c => c.CellKey).ToList();
        return new Outcome(result.Report, all, rejects.ToString());
    }

    /// <summary>Reject rows without the header, as "line,column,reason" triples.</summary>
    public static string[] RejectCells(string rejects) =>
        rejects.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => string.Join(",", l.Split(',').Skip(1).Take(3))).ToArray();

    public static void AssertBalanced(IngestReport r) =>
        Assert.Equal(r.RowsRead, r.Accepted + r.Rejected + r.Duplicates + r.OutsideWindow);

    public static long Seconds(int y, int mo, int d, int h, int mi, int s) =>
        CdrClock.FromDateTime(new DateTime(y, mo, d, h, mi, s));
}
