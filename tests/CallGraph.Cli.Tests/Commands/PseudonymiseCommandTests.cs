using System.Text.RegularExpressions;
using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>--pseudonymise: no roster number in any output; same key, same outputs; another key, other ids. Masks without it.</summary>
public sealed class PseudonymiseCommandTests : CliTestFolder
{
    public PseudonymiseCommandTests() : base("callgraph-pseudo-") { }

    private string P(string name) => Path.Combine(Root, name);

    private static Dictionary<string, string> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText);

    private static List<string> Column(string csv, int column) => File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')[column]).ToList();

    private (string World, string Cdr) MakeWorld()
    {
        string world = P("world");
        var g = Run("generate", "--out", world, "--cdrs", "30000", "--seed", "4", "--months", "2");
        Assert.True(g.Code == 0, g.Err);
        // A few rows the reader rejects, holding a roster number.
        string member = File.ReadAllLines(Path.Combine(world, "members.csv"))[1].Split(',')[1];
        string cdr = P("cdr.csv");
        File.WriteAllLines(cdr, File.ReadAllLines(Path.Combine(world, "cdr.csv")).Concat([$"{member},x1,2026-06-02 10:00:00,60,voice,c1", $"{member},13800000001,2026-06-02,60,voice,c1"]));
        return (world, cdr);
    }

    private static string[] Args(string world, string cdr, string output, params string[] extra) =>
        new[] { "analyze", "--cdr", cdr, "--members", Path.Combine(world, "members.csv"), "--prefixes", Path.Combine(world, "prefixes.csv"),
            "--period", "month", "--report", "--groups-detail", "top:3", "--max-rejects", "10", "--out", output }.Concat(extra).ToArray();

    [Fact]
    public void With_pseudonymise_no_roster_number_is_in_any_output_and_the_same_key_gives_the_same_outputs()
    {
        var (world, cdr) = MakeWorld();
        File.WriteAllText(P("key.txt"), "another-secret-key\n");
        var one = Run(Args(world, cdr, P("one"), "--pseudonymise", "a-secret-key", "--pseudonym-map", P("map.csv")));
        Assert.True(one.Code == 0, one.Err);
        var two = Run(Args(world, cdr, P("two"), "--pseudonymise", "a-secret-key"));
        Assert.True(two.Code == 0, two.Err);
        var other = Run(Args(world, cdr, P("other"), "--pseudonymise", "@" + P("key.txt")));
        Assert.True(other.Code == 0, other.Err);
        var plain = Run(Args(world, cdr, P("plain")));
        Assert.True(plain.Code == 0, plain.Err);

        var files = Files(P("one"));
        foreach (var name in new[] { "members.csv", "prospects.csv", "rejects.csv", "alerts.csv", "report.html" }) Assert.Contains(name, files.Keys);
        Assert.Contains(files.Keys, k => k.StartsWith("graphs", StringComparison.Ordinal));
        var roster = Column(Path.Combine(world, "members.csv"), 1).Distinct().ToList();
        var prospects = Column(Path.Combine(P("plain"), "prospects.csv"), 1);
        Assert.NotEmpty(prospects);
        foreach (var (name, text) in files)
            foreach (var number in roster.Concat(prospects))
                Assert.False(text.Contains(number, StringComparison.Ordinal), $"{number} in {name}");
        Assert.All(Column(Path.Combine(P("one"), "members.csv"), 1), id => Assert.Matches("^ps-[0-9a-f]{16}$", id));

        var again = Files(P("two"));
        foreach (var (name, text) in files)
            if (name != "summary.json") Assert.True(text == again[name], name);
        var otherIds = Column(Path.Combine(P("other"), "members.csv"), 1).ToHashSet();
        Assert.DoesNotContain(Column(Path.Combine(P("one"), "members.csv"), 1), otherIds.Contains);

        // The map, outside the results, leads back to the numbers.
        var map = File.ReadAllLines(P("map.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        var members = File.ReadAllLines(Path.Combine(P("one"), "members.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var plainMembers = File.ReadAllLines(Path.Combine(P("plain"), "members.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => (f[0], f[1]), f => f[2]);
        Assert.All(members, m => Assert.Equal(plainMembers[(m[0], map[m[1]])], m[2]));
        Assert.DoesNotContain(Directory.GetFiles(P("one"), "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("pseudonym,original", StringComparison.Ordinal));
        var inside = Run(Args(world, cdr, P("three"), "--pseudonymise", "a-secret-key", "--pseudonym-map", Path.Combine(P("three"), "map.csv")));
        Assert.Equal(2, inside.Code);
        Assert.Contains("inside the output folder", inside.Err);
    }

    [Fact]
    public void Without_pseudonymise_the_report_and_graphs_mask_third_parties_but_the_lists_keep_them()
    {
        var (world, cdr) = MakeWorld();
        var r = Run(Args(world, cdr, P("plain")));
        Assert.True(r.Code == 0, r.Err);
        var prospects = Column(Path.Combine(P("plain"), "prospects.csv"), 1);
        Assert.NotEmpty(prospects);
        var pictures = Files(P("plain")).Where(kv => kv.Key == "report.html" || kv.Key.StartsWith("graphs", StringComparison.Ordinal)).ToList();
        Assert.True(pictures.Count > 1);
        foreach (var (name, text) in pictures)
            foreach (var number in prospects)
                Assert.False(text.Contains(number, StringComparison.Ordinal), $"{number} in {name}");
        // Members stay readable in the pictures; the masks are there instead of the third parties.
        string html = pictures.Single(kv => kv.Key == "report.html").Value;
        Assert.Contains(Column(Path.Combine(P("plain"), "members.csv"), 1), html.Contains);
        Assert.Matches(new Regex("1[3-9][0-9]-[0-9a-f]{10}"), html);
    }
}
