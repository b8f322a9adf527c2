using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallGraph.Cli;
using CallGraph.Numbers;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>`analyze --ids opaque` on dumps whose subscribers are integer ids or hashes, generated here.</summary>
public sealed class OpaqueIdsCommandTests : CliTestFolder
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public OpaqueIdsCommandTests() : base("callgraph-ids-") { }

    private string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Rows of a result CSV as field arrays (no quoted commas in the leading columns these tests read).</summary>
    private static List<string[]> Rows(string file) => File.ReadAllLines(file).Skip(1).Select(l => l.Split(',')).ToList();

    [Fact]
    public void An_integer_id_dump_is_scored_with_opaque_ids_and_its_prospects_are_exactly_the_10_percent_rule()
    {
        var random = new Random(15);
        var groups = new Dictionary<string, int[]> { ["G1"] = Enumerable.Range(1, 20).ToArray(), ["G2"] = Enumerable.Range(21, 8).ToArray() };
        int[] outsiders = Enumerable.Range(100, 60).ToArray();
        string[] operators = ["cmcc", "cucc", "ctcc", ""];
        var operatorOf = outsiders.ToDictionary(o => o, _ => operators[random.Next(operators.Length)]);
        var dump = new StringBuilder("From,To,Datetime,Duration(seconds),Cell Tower\n");
        var start = new DateTime(2006, 6, 5);
        void Call(int a, int b, DateTime at) =>
            dump.Append(string.Create(Ci, $"{a},{b},{at:yyyyMMdd HHmm},{random.Next(10, 900)},{random.Next(1, 30)}\n"));
        var contacted = new Dictionary<(string, int), HashSet<int>>();
        foreach (var (group, members) in groups)
        {
            // Colleagues call each other in working hours.
            foreach (int a in members)
                for (int k = 0; k < 12; k++)
                {
                    int b = members[random.Next(members.Length)];
                    if (b != a) Call(a, b, start.AddDays(random.Next(5)).AddHours(9 + random.Next(8)).AddMinutes(random.Next(60)));
                }
            // Each outsider talks to a random set of this group's members.
            foreach (int o in outsiders)
            {
                var reached = contacted[(group, o)] = new HashSet<int>();
                int count = random.Next(0, 7);
                for (int k = 0; k < count; k++)
                {
                    int m = members[random.Next(members.Length)];
                    reached.Add(m);
                    var at = start.AddDays(random.Next(14)).AddHours(random.Next(24)).AddMinutes(random.Next(60));
                    if (random.Next(2) == 0) Call(m, o, at); else Call(o, m, at);
                }
            }
        }
        File.WriteAllText(PathOf("calls.csv"), dump.ToString());
        File.WriteAllLines(PathOf("roster.csv"), groups.SelectMany(g => g.Value.Select(m => $"{g.Key},{m}")).Prepend("group_id,msisdn"));
        File.WriteAllLines(PathOf("subscribers.csv"), outsiders.Where(o => operatorOf[o].Length > 0).Select(o => $"{o},{operatorOf[o]}").Prepend("id,operator"));

        string results = PathOf("out");
        var r = Run("analyze", "--cdr", PathOf("calls.csv"), "--members", PathOf("roster.csv"), "--ids", "opaque", "--subscribers", PathOf("subscribers.csv"),
            "--columns", "caller=From,callee=To,start_time=Datetime,duration_s=Duration(seconds),cell_id=Cell Tower,type=",
            "--time-format", "yyyyMMdd HHmm", "--threads", "2", "--out", results);
        Assert.True(r.Code == 0, r.Err);

        // The rule, worked out here from the calls written: off-net ids that reached strictly more than 10% of the roster.
        var expected = contacted
            .Where(kv => operatorOf[kv.Key.Item2] is "cucc" or "ctcc" && kv.Value.Count > 0.10m * groups[kv.Key.Item1].Length)
            .Select(kv => $"{kv.Key.Item1},{kv.Key.Item2}").Order(StringComparer.Ordinal).ToList();
        var actual = Rows(Path.Combine(results, "prospects.csv")).Select(f => $"{f[0]},{f[1]}").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
        var assessed = Rows(Path.Combine(results, "members.csv"));
        Assert.Equal(28, assessed.Count);
        Assert.All(assessed, m => Assert.Equal("cmcc", m[4]));
        var scored = Rows(Path.Combine(results, "groups.csv"));
        Assert.All(scored, g => Assert.Equal("true", g[4]));
        Assert.Contains("subscriber ids had no network", r.Err);
    }

    [Fact]
    public void Hashed_ids_and_the_same_dump_with_phone_numbers_give_the_same_verdicts_and_scores()
    {
        string world = PathOf("world");
        var g = Run("generate", "--out", world, "--cdrs", "30000", "--seed", "21");
        Assert.True(g.Code == 0, g.Err);
        OperatorTable table;
        using (var reader = File.OpenText(Path.Combine(world, "prefixes.csv"))) table = new OperatorTable(OperatorTable.ReadPrefixes(reader, "prefixes.csv"));
        var plan = new NumberPlan(table);

        // Keep calls between parties whose network the phone plan knows from the number alone or not at all
        // (a hashed dump cannot say "service number"); every party's operator goes into the subscriber table.
        var token = new Dictionary<string, string>(StringComparer.Ordinal);
        var listed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        bool Keep(string raw)
        {
            var number = NumberNormalizer.Normalize(raw);
            var info = plan.Describe(number);
            if (info.Network == Network.Excluded || (info.Network == Network.OffNet && info.Operator == OperatorTable.Unknown)) return false;
            string canonical = number.ToString();
            if (!token.TryGetValue(canonical, out var t))
            {
                t = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("salt:" + canonical)))[..24].ToLowerInvariant();
                token[canonical] = t;
                if (info.Operator != OperatorTable.Unknown) listed[t] = plan.OperatorName(info.Operator);
            }
            return true;
        }
        string Hash(string raw) => token[NumberNormalizer.Normalize(raw).ToString()];

        var lines = File.ReadAllLines(Path.Combine(world, "cdr.csv"));
        var phone = new List<string> { lines[0] };
        var hashed = new List<string> { lines[0] };
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (!Keep(f[0]) || !Keep(f[1])) continue;
            phone.Add(line);
            hashed.Add(string.Join(',', new[] { Hash(f[0]), Hash(f[1]) }.Concat(f.Skip(2))));
        }
        File.WriteAllLines(PathOf("phone.csv"), phone);
        File.WriteAllLines(PathOf("hashed.csv"), hashed);
        var roster = File.ReadAllLines(Path.Combine(world, "members.csv"));
        int numberColumn = Array.IndexOf(roster[0].Split(','), "msisdn");
        File.WriteAllLines(PathOf("hashed-members.csv"), roster.Take(1).Concat(roster.Skip(1).Select(l =>
        {
            var f = l.Split(',');
            Keep(f[numberColumn]);
            f[numberColumn] = Hash(f[numberColumn]);
            return string.Join(',', f);
        })));
        File.WriteAllLines(PathOf("subscribers.csv"), listed.Select(kv => $"{kv.Key},{kv.Value}").Prepend("id,operator"));

        var a = Run("analyze", "--cdr", PathOf("phone.csv"), "--members", Path.Combine(world, "members.csv"), "--prefixes", Path.Combine(world, "prefixes.csv"), "--out", PathOf("phone-out"));
        Assert.True(a.Code == 0, a.Err);
        var b = Run("analyze", "--cdr", PathOf("hashed.csv"), "--members", PathOf("hashed-members.csv"), "--prefixes", Path.Combine(world, "prefixes.csv"),
            "--ids", "opaque", "--subscribers", PathOf("subscribers.csv"), "--out", PathOf("hashed-out"));
        Assert.True(b.Code == 0, b.Err);

        // members.csv: group_id, msisdn, verdict, score, operator, then the signals.
        string Relabel(string[] f) => string.Join(',', new[] { f[0], token[f[1]] }.Concat(f[2..5]));
        var fromPhone = Rows(Path.Combine(PathOf("phone-out"), "members.csv")).Select(Relabel).Order(StringComparer.Ordinal).ToList();
        var fromHashed = Rows(Path.Combine(PathOf("hashed-out"), "members.csv")).Select(f => string.Join(',', f[..5])).Order(StringComparer.Ordinal).ToList();
        Assert.True(fromPhone.Count > 50, $"{fromPhone.Count} members");
        Assert.Equal(fromPhone, fromHashed);
        var prospectsPhone = Rows(Path.Combine(PathOf("phone-out"), "prospects.csv")).Select(f => f[0] + "," + token[f[1]] + "," + f[3]).Order(StringComparer.Ordinal).ToList();
        var prospectsHashed = Rows(Path.Combine(PathOf("hashed-out"), "prospects.csv")).Select(f => f[0] + "," + f[1] + "," + f[3]).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(prospectsPhone);
        Assert.Equal(prospectsPhone, prospectsHashed);

        // The campaign takes the hashed prospects as they are, and feedback on one of them.
        string db = PathOf("campaigns.db");
        var create = Run("campaign", "create", "--name", "ids", "--budget", "1000", "--starts", "2026-06-01", "--ends", "2026-07-31", "--db", db);
        Assert.True(create.Code == 0, create.Err);
        var select = Run("campaign", "select", "--campaign", "1", "--prospects", Path.Combine(PathOf("hashed-out"), "prospects.csv"), "--min-share", "0", "--db", db);
        Assert.True(select.Code == 0, select.Err);
        Assert.StartsWith("added ", select.Out);
        Assert.DoesNotContain("added 0,", select.Out);
        string target = prospectsHashed[0].Split(',')[1];
        var feedback = Run("campaign", "feedback", "--campaign", "1", "--msisdn", target, "--outcome", "won", "--revenue", "10", "--cost", "2", "--db", db);
        Assert.True(feedback.Code == 0, feedback.Err + feedback.Out);
    }

    [Fact]
    public void Inspect_reads_opaque_ids_as_ids()
    {
        File.WriteAllText(PathOf("ids.csv"), "caller,callee,start_time,duration_s\nu1,3f9a,2026-06-01 09:00:00,60\nu1,u2,2026-06-01 09:00:00,60\n");
        var phone = Run("inspect", "--cdr", PathOf("ids.csv"), "--max-rejects", "10");
        Assert.Contains("rejected                        2", phone.Out);
        var ids = Run("inspect", "--cdr", PathOf("ids.csv"), "--ids", "opaque");
        Assert.True(ids.Code == 0, ids.Err);
        Assert.Contains("accepted                        2", ids.Out);
    }
}
