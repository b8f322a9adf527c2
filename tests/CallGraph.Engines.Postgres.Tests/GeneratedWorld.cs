using CallGraph.Numbers;
using CallGraph.Rosters;
using CallGraph.Synthetic;

namespace CallGraph.Engines.Postgres.Tests;

/// <summary>
/// A generated world of 50,000 CDRs with planted malformed rows (2%) and exact duplicates (2%), written to a
/// temporary folder once for the test class, with its numbering plan, roster and groups read as the CLI reads them.
/// </summary>
public sealed class GeneratedWorld : IDisposable
{
    public GeneratedWorld()
    {
        Folder = Path.Combine(Path.GetTempPath(), "callgraph-pg-world-" + Guid.NewGuid().ToString("N"));
        WorldGenerator.Write(new WorldOptions(50_000, Seed: 31, DuplicateRate: 0.02, BadRowRate: 0.02), new DirectoryWorldOutput(Folder));
        using (var reader = File.OpenText(PathOf(WorldFiles.Prefixes)))
            Plan = new NumberPlan(new OperatorTable(OperatorTable.ReadPrefixes(reader, WorldFiles.Prefixes)));
        using (var reader = File.OpenText(PathOf(WorldFiles.Members))) Roster = Roster.Read(reader, WorldFiles.Members, Plan);
        using (var reader = File.OpenText(PathOf(WorldFiles.Groups))) Groups = Roster.ReadGroups(reader, WorldFiles.Groups);
    }

    public string Folder { get; }

    public string CdrFile => PathOf(WorldFiles.Cdr);

    public NumberPlan Plan { get; }

    public Roster Roster { get; }

    public IReadOnlyDictionary<string, GroupInfo> Groups { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
