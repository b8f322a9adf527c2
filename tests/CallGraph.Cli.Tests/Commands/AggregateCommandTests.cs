using System.Globalization;
using System.Text.Json;
using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>
/// <c>callgraph aggregate</c> per day and <c>analyze --aggregates</c> over the days give the outputs of analysing the
/// whole dump; what cannot be merged is refused, naming the file.
/// </summary>
public sealed class AggregateCommandTests : CliTestFolder
{
    public AggregateCommandTests() : base("callgraph-aggregate-") { }

    private string P(string name) => Path.Combine(Root, name);

    private string World(int seed, params string[] extra)
    {
        string dir = P($"world-{seed}");
        var r = Run(new[] { "generate", "--out", dir, "--cdrs", "50000", "--seed", seed.ToString(CultureInfo.InvariantCulture) }.Concat(extra).ToArray());
        Assert.True(r.Code == 0, r.Err);
        return dir;
    }

    /// <summary>
    /// Splits cdr.csv into one file per start day (header on each), in day order; rows whose day cannot be read
    /// (malformed rows) go to a file of their own. Returns the files.
    /// </summary>
    private List<string> SplitByDay(string world)
    {
        var lines = File.ReadAllLines(Path.Combine(world, "cdr.csv"));
        var days = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            var fields = line.Split(',');
            string day = fields.Length > 2 && fields[2].Length >= 8 && fields[2][..8].All(char.IsAsciiDigit) ? fields[2][..8] : "unreadable";
            if (!days.TryGetValue(day, out var rows)) days[day] = rows = [];
            rows.Add(line);
        }
        Assert.True(days.Count >= 10, $"only {days.Count} days");
        return days.Select(d =>
        {
            string path = P($"day-{d.Key}.csv");
            File.WriteAllLines(path, d.Value.Prepend(lines[0]));
            return path;
        }).ToList();
    }

    [Fact]
    public void Aggregates_of_the_days_merge_into_the_outputs_of_the_whole_dump()
    {
        string world = World(21, "--bad-row-rate", "0.002", "--duplicate-rate", "0.01");
        string members = Path.Combine(world, "members.csv");
        var whole = Run("analyze", "--world", world, "--out", P("out-whole"));
        Assert.True(whole.Code == 0, whole.Err);

        var parts = new List<string>();
        foreach (string day in SplitByDay(world))
        {
            string part = Path.ChangeExtension(day, ".cga");
            var a = Run("aggregate", "--cdr", day, "--members", members, "--prefixes", Path.Combine(world, "prefixes.csv"), "--out", part, "--quiet");
            Assert.True(a.Code == 0, a.Err);
            parts.Add(part);
        }
        var merged = Run(new[] { "analyze", "--world", world, "--out", P("out-merged"), "--aggregates" }.Concat(parts).ToArray());
        Assert.True(merged.Code == 0, merged.Err);

        foreach (string name in new[] { "members.csv", "groups.csv", "prospects.csv", "potential-members.csv", "competitor-members.csv", "rollup.csv" })
            Assert.True(File.ReadAllBytes(P("out-whole/" + name)).AsSpan().SequenceEqual(File.ReadAllBytes(P("out-merged/" + name))), name);
        using var wholeSummary = JsonDocument.Parse(File.ReadAllText(P("out-whole/summary.json")));
        using var mergedSummary = JsonDocument.Parse(File.ReadAllText(P("out-merged/summary.json")));
        var w = wholeSummary.RootElement;
        Assert.True(w.GetProperty("rows_rejected").GetInt64() > 0 && w.GetProperty("duplicates").GetInt64() > 0, "the world should hold rejected and duplicate rows");
        foreach (string count in new[] { "rows_read", "rows_accepted", "rows_rejected", "duplicates", "not_checked_for_duplicates", "outside_window", "pairs", "cdrs_touching_members" })
            Assert.True(w.GetProperty(count).GetInt64() == mergedSummary.RootElement.GetProperty(count).GetInt64(), count);
        foreach (string text in new[] { "rejects_by_reason", "first_start", "last_start" })
            Assert.Equal(w.GetProperty(text).GetRawText(), mergedSummary.RootElement.GetProperty(text).GetRawText());
        // The rejected rows were written (or not) when aggregating; the merged run has no rejects file of its own.
        Assert.False(File.Exists(P("out-merged/rejects.csv")));

        // A quoted glob names the same files (in name order); the merge does not depend on their order.
        var globbed = Run("analyze", "--world", world, "--out", P("out-glob"), "--aggregates", P("day-*.cga"));
        Assert.True(globbed.Code == 0, globbed.Err);
        var reversed = Run(new[] { "analyze", "--world", world, "--out", P("out-reversed"), "--aggregates" }.Concat(Enumerable.Reverse(parts)).ToArray());
        Assert.True(reversed.Code == 0, reversed.Err);
        foreach (string other in new[] { "out-glob", "out-reversed" })
            foreach (string name in new[] { "members.csv", "prospects.csv", "summary.json" })
                Assert.True(File.ReadAllBytes(P("out-merged/" + name)).AsSpan().SequenceEqual(File.ReadAllBytes(P(other + "/" + name))), other + "/" + name);

        // The file itself is the same bytes whatever the thread count.
        string firstDay = Path.ChangeExtension(parts[0], ".csv");
        foreach (string threads in new[] { "1", "3" })
        {
            var t = Run("aggregate", "--cdr", firstDay, "--members", members, "--prefixes", Path.Combine(world, "prefixes.csv"), "--threads", threads, "--out", P($"threads-{threads}.cga"), "--quiet");
            Assert.True(t.Code == 0, t.Err);
        }
        Assert.Equal(File.ReadAllBytes(parts[0]), File.ReadAllBytes(P("threads-1.cga")));
        Assert.Equal(File.ReadAllBytes(parts[0]), File.ReadAllBytes(P("threads-3.cga")));
    }

    [Fact]
    public void Opaque_ids_whose_networks_come_from_the_CDR_columns_merge_like_the_whole_dump()
    {
        // Two groups of token ids; outsiders whose operator only the CDRs' operator columns give, so the merged
        // analysis knows which are off-net (prospects) only if the partial aggregates carry those networks.
        var random = new Random(31);
        var groups = new Dictionary<string, string[]>
        {
            ["G1"] = Enumerable.Range(1, 12).Select(i => $"m{i}").ToArray(),
            ["G2"] = Enumerable.Range(13, 10).Select(i => $"m{i}").ToArray(),
        };
        var outsiders = Enumerable.Range(1, 30).Select(i => (Id: $"x{i}", Operator: new[] { "cmcc", "cucc", "ctcc" }[i % 3])).ToArray();
        var days = Enumerable.Range(0, 4).Select(d => new List<string>()).ToArray();
        void Call(string a, string aOp, string b, string bOp)
        {
            int day = random.Next(days.Length);
            var at = new DateTime(2026, 6, 1).AddDays(day).AddHours(8 + random.Next(12)).AddMinutes(random.Next(60));
            days[day].Add(string.Create(CultureInfo.InvariantCulture, $"{a},{b},{at:yyyyMMddHHmmss},{random.Next(10, 600)},voice,cell{random.Next(5)},{aOp},{bOp}"));
        }
        foreach (var members in groups.Values)
        {
            foreach (string a in members)
                for (int k = 0; k < 10; k++)
                {
                    string b = members[random.Next(members.Length)];
                    if (b != a) Call(a, "", b, "");
                }
            foreach (var (id, op) in outsiders)
                for (int k = random.Next(0, 6); k > 0; k--)
                    if (random.Next(2) == 0) Call(members[random.Next(members.Length)], "", id, op);
                    else Call(id, op, members[random.Next(members.Length)], "");
        }
        const string header = "caller,callee,start_time,duration_s,type,cell_id,caller_operator,callee_operator";
        File.WriteAllLines(P("all.csv"), days.SelectMany(d => d).Prepend(header));
        File.WriteAllLines(P("roster.csv"), groups.SelectMany(g => g.Value.Select(m => $"{g.Key},{m}")).Prepend("group_id,msisdn"));
        var whole = Run("analyze", "--ids", "opaque", "--cdr", P("all.csv"), "--members", P("roster.csv"), "--out", P("out-whole"));
        Assert.True(whole.Code == 0, whole.Err);
        Assert.True(File.ReadAllLines(P("out-whole/prospects.csv")).Length > 1, "the dump should have prospects");

        var parts = new List<string>();
        for (int d = 0; d < days.Length; d++)
        {
            File.WriteAllLines(P($"day{d}.csv"), days[d].Prepend(header));
            var a = Run("aggregate", "--ids", "opaque", "--cdr", P($"day{d}.csv"), "--members", P("roster.csv"), "--out", P($"day{d}.cga"));
            Assert.True(a.Code == 0, a.Err);
            parts.Add(P($"day{d}.cga"));
        }
        var merged = Run(new[] { "analyze", "--ids", "opaque", "--members", P("roster.csv"), "--out", P("out-merged"), "--aggregates" }.Concat(parts).ToArray());
        Assert.True(merged.Code == 0, merged.Err);
        foreach (string name in new[] { "members.csv", "groups.csv", "prospects.csv", "potential-members.csv", "competitor-members.csv", "summary.json" })
            Assert.True(File.ReadAllBytes(P("out-whole/" + name)).AsSpan().SequenceEqual(File.ReadAllBytes(P("out-merged/" + name))), name);
    }

    [Fact]
    public void A_partial_aggregate_made_with_other_working_hours_is_refused_and_the_previous_output_stays()
    {
        string world = World(22);
        var a = Run("aggregate", "--world", world, "--workday", "8-17", "--out", P("early.cga"));
        Assert.True(a.Code == 0, a.Err);
        var first = Run("analyze", "--world", world, "--out", P("out"));
        Assert.True(first.Code == 0, first.Err);
        var before = File.ReadAllBytes(P("out/members.csv"));

        var r = Run("analyze", "--world", world, "--aggregates", P("early.cga"), "--out", P("out"));
        Assert.Equal(1, r.Code);
        Assert.Equal($"callgraph: {P("early.cga")}: cannot merge: it was made with --workday 8-17, this run uses 9-18\n", r.Err);
        Assert.Equal(before, File.ReadAllBytes(P("out/members.csv")));

        var same = Run("analyze", "--world", world, "--workday", "8-17", "--aggregates", P("early.cga"), "--out", P("out-early"));
        Assert.True(same.Code == 0, same.Err);
    }

    [Fact]
    public void A_cut_partial_aggregate_is_one_line_naming_it()
    {
        string world = World(23);
        var a = Run("aggregate", "--world", world, "--out", P("whole.cga"));
        Assert.True(a.Code == 0, a.Err);
        var bytes = File.ReadAllBytes(P("whole.cga"));
        File.WriteAllBytes(P("cut.cga"), bytes[..(bytes.Length * 2 / 3)]);
        var r = Run("analyze", "--world", world, "--aggregates", P("whole.cga"), P("cut.cga"), "--out", P("out"));
        Assert.Equal(1, r.Code);
        Assert.StartsWith($"callgraph: {P("cut.cga")}: ", r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void A_failed_aggregate_leaves_the_previous_file_as_it_was()
    {
        string world = World(24);
        var a = Run("aggregate", "--world", world, "--out", P("part.cga"));
        Assert.True(a.Code == 0, a.Err);
        var before = File.ReadAllBytes(P("part.cga"));
        File.WriteAllLines(P("bad.csv"), ["caller,callee,start_time,duration_s,type,cell_id", "13800000001,13800000002,not-a-time,10,voice,c1"]);
        var r = Run("aggregate", "--cdr", P("bad.csv"), "--members", Path.Combine(world, "members.csv"), "--max-rejects", "0", "--out", P("part.cga"));
        Assert.Equal(1, r.Code);
        Assert.Equal(before, File.ReadAllBytes(P("part.cga")));
        Assert.Equal(["part.cga"], Directory.GetFiles(Root, "*part.cga*").Select(Path.GetFileName));
    }

    [Fact]
    public void Options_that_act_on_reading_CDRs_are_refused_with_aggregates()
    {
        string world = World(25);
        var a = Run("aggregate", "--world", world, "--out", P("part.cga"));
        Assert.True(a.Code == 0, a.Err);
        var period = Run("analyze", "--world", world, "--aggregates", P("part.cga"), "--period", "month", "--out", P("out"));
        Assert.Equal((2, "callgraph: --period needs the CDRs: a partial aggregate covers its whole read; analyze the CDRs with --cdr for periods\n"), (period.Code, period.Err));
        var both = Run("analyze", "--cdr", Path.Combine(world, "cdr.csv"), "--members", Path.Combine(world, "members.csv"), "--aggregates", P("part.cga"), "--out", P("out"));
        Assert.Equal(2, both.Code);
        Assert.Contains("give --cdr or --aggregates, not both", both.Err);
        var window = Run("analyze", "--world", world, "--aggregates", P("part.cga"), "--from", "2026-06-02", "--out", P("out"));
        Assert.Equal(2, window.Code);
        Assert.Contains("--from and --to act when the CDRs are read", window.Err);
        Assert.False(Directory.Exists(P("out")));
    }
}
