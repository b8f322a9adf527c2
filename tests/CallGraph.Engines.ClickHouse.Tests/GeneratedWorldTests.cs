using System.Text;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Rosters;
using CallGraph.Synthetic;

namespace CallGraph.Engines.ClickHouse.Tests;

/// <summary>
/// A generated world (with malformed rows and exact copies) split row by row over the cluster's shards: the run through
/// the ClickHouse engine writes the same members, groups, prospects, potential and competitor members, byte for byte,
/// as the in-process run over the same rows, and counts the same rows read, rejected (by reason) and duplicated.
/// </summary>
public sealed class GeneratedWorldTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "callgraph-clickhouse-world-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The outputs the CLI writes with the CLI's writers, by file name.</summary>
    private static SortedDictionary<string, string> Outputs(CallGraphRun run)
    {
        string Write(Action<TextWriter> write)
        {
            using var w = new StringWriter { NewLine = "\n" };
            write(w);
            return w.ToString();
        }
        var r = run.Result;
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["members.csv"] = Write(w => ResultWriter.WriteMembers(w, r.Members)),
            ["groups.csv"] = Write(w => ResultWriter.WriteGroups(w, r.Groups)),
            ["prospects.csv"] = Write(w => ResultWriter.WriteCircle(w, r.Prospects)),
            ["potential-members.csv"] = Write(w => ResultWriter.WriteCircle(w, r.PotentialMembers)),
            ["competitor-members.csv"] = Write(w => ResultWriter.WriteCircle(w, r.CompetitorLike)),
            ["rollup.csv"] = Write(w => ResultWriter.WriteRollups(w, run.Rollups)),
        };
    }

    [ClickHouseFact]
    public void Outputs_of_a_world_split_over_two_shards_equal_the_in_process_run()
    {
        WorldGenerator.Write(new WorldOptions(Cdrs: 50_000, Seed: 16, DuplicateRate: 0.01, BadRowRate: 0.004), new DirectoryWorldOutput(_folder));
        string File(string name) => Path.Combine(_folder, name);
        var plan = new NumberPlan(new OperatorTable(OperatorTable.ReadPrefixes(new StreamReader(File(WorldFiles.Prefixes)), WorldFiles.Prefixes)));
        Roster roster;
        using (var members = new StreamReader(File(WorldFiles.Members))) roster = Roster.Read(members, WorldFiles.Members, plan);
        IReadOnlyDictionary<string, GroupInfo> groups;
        using (var groupsFile = new StreamReader(File(WorldFiles.Groups))) groups = Roster.ReadGroups(groupsFile, WorldFiles.Groups);

        // A table has columns, not lines: rows cut short by the generator (field_count) cannot be stored, so both runs
        // read the rows that have every field.
        var lines = System.IO.File.ReadAllLines(File(WorldFiles.Cdr));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(f => f.Length == header.Length).ToList();
        var csv = new StringBuilder(lines[0]).Append('\n');
        foreach (var row in rows) csv.AppendJoin(',', row).Append('\n');

        // Row i goes to shard i mod 2; the world's copies must land on both shards, or the test proves less than it says.
        int shards = ClickHouseServers.Urls.Count;
        var shardsOfRow = rows.Select((r, i) => (Text: string.Join(',', r), Shard: i % shards)).GroupBy(r => r.Text).Where(g => g.Count() > 1).ToList();
        Assert.True(shardsOfRow.Count > 100, "the world must hold exact copies");
        if (shards > 1) Assert.Contains(shardsOfRow, g => g.Select(r => r.Shard).Distinct().Count() > 1);

        var options = new CallGraphOptions();
        var expected = CallGraphPipeline.Run([CdrSource.FromBytes("cdr.csv", Encoding.UTF8.GetBytes(csv.ToString()))], roster, plan, options, groups);
        Assert.True(expected.Ingest.Rejected > 50 && expected.Ingest.Duplicates > 100, "the world must hold malformed rows and copies");

        using var tables = new CdrTables(header);
        tables.Load(rows, i => i % shards);
        var actual = CallGraphPipeline.Run(tables.Engine(), roster, plan, options, groups);

        var e = expected.Ingest;
        var a = actual.Ingest;
        Assert.Equal(e.RejectsByReason.ToList(), a.RejectsByReason.ToList());
        Assert.Equal((e.RowsRead, e.Accepted, e.Rejected, e.Duplicates, e.OutsideWindow, e.FirstStart, e.LastStart),
            (a.RowsRead, a.Accepted, a.Rejected, a.Duplicates, a.OutsideWindow, a.FirstStart, a.LastStart));
        var expectedOutputs = Outputs(expected);
        Assert.True(expectedOutputs["prospects.csv"].Count(c => c == '\n') > 1, "the world must have prospects to compare");
        Assert.Equal(expectedOutputs, Outputs(actual));
    }
}
