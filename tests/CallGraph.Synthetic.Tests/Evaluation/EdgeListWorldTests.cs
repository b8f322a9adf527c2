using System.Text;
using CallGraph.Numbers;
using CallGraph.Synthetic;
using CallGraph.Synthetic.Tests;

namespace CallGraph.Synthetic.Tests.Evaluation;

public class EdgeListWorldTests
{
    private static readonly NumberPlan Plan = NumberPlan.Default;

    /// <summary>
    /// Department 1: people 0–9, department 2: people 10–21, department 3: people 30–32 (too small to be a group).
    /// Each department is a ring with chords; a few edges cross departments; one self-loop.
    /// </summary>
    private static (string Edges, string Labels, int InsideD1) Network()
    {
        var labels = new StringBuilder();
        var edges = new StringBuilder("# u v\n");
        int insideD1 = 0;
        void Department(int dept, int first, int count, bool counted)
        {
            for (int i = 0; i < count; i++) labels.Append($"{first + i} {dept}\n");
            for (int i = 0; i < count; i++)
            {
                edges.Append($"{first + i} {first + (i + 1) % count}\n");
                edges.Append($"{first + (i + 2) % count} {first + i}\n");
                if (counted) insideD1 += 2;
            }
        }
        Department(1, 0, 10, true);
        Department(2, 10, 12, false);
        Department(3, 30, 3, false);
        edges.Append("0 10\n15 3\n30 5\n7 7\n");
        return (edges.ToString(), labels.ToString(), insideD1);
    }

    private static MemoryWorldOutput Convert(double competitorShare = 0, ulong seed = 5)
    {
        var (edges, labels, _) = Network();
        var output = new MemoryWorldOutput();
        EdgeListWorld.Write(new StringReader(edges), new StringReader(labels), new EdgeListWorldOptions(seed, CompetitorShare: competitorShare), output);
        return output;
    }

    [Fact]
    public void Departments_of_ten_or_more_become_groups_whose_rosters_are_their_people_plus_planted_fakes()
    {
        var world = Convert();
        Assert.Equal(new[] { "D001", "D002" }, world.Rows("groups.csv").Select(r => r[0]));
        // The groups file is one analyze and the campaign commands read.
        Assert.Equal(new[] { "D001", "D002" }, CallGraph.Rosters.Roster.ReadGroups(new StringReader(world.Text("groups.csv")), "groups.csv").Keys.Order());
        var truth = world.Rows("truth_members.csv");
        Assert.Equal(world.Rows("members.csv").Select(r => (r[0], r[1])), truth.Select(r => (r[0], r[1])));
        Assert.Equal(10, truth.Count(r => r[0] == "D001" && r[2] == "genuine"));
        Assert.Equal(12, truth.Count(r => r[0] == "D002" && r[2] == "genuine"));
        Assert.All(truth.Where(r => r[2] == "genuine"), r => Assert.Equal("employee", r[3]));
        Assert.All(truth.Where(r => r[2] == "fake"), r => Assert.Contains(r[3], new[] { "outsider", "dormant" }));
        foreach (var g in new[] { "D001", "D002" })
        {
            Assert.Contains(truth, r => r[0] == g && r[3] == "outsider");
            Assert.Contains(truth, r => r[0] == g && r[3] == "dormant");
        }
        Assert.All(world.Rows("members.csv"), r => Assert.True(Plan.IsHomeNetwork(PhoneNumber.FromDigitString(r[1]))));
    }

    [Fact]
    public void Every_edge_is_one_call_and_dormant_lines_have_at_most_two()
    {
        var (edges, _, insideD1) = Network();
        var world = Convert();
        var truth = world.Rows("truth_members.csv");
        var cdrs = world.Rows("cdr.csv");
        Assert.Equal("caller,callee,start_time,duration_s,type", world.Lines("cdr.csv")[0]);
        var d1 = truth.Where(r => r[0] == "D001" && r[2] == "genuine").Select(r => r[1]).ToHashSet();
        Assert.Equal(insideD1, cdrs.Count(r => d1.Contains(r[0]) && d1.Contains(r[1])));
        int realEdges = edges.Split('\n').Count(l => l.Length > 0 && l[0] != '#') - 1; // minus the self-loop
        int dormantCalls = cdrs.Count - realEdges;
        Assert.InRange(dormantCalls, 0, 2 * truth.Count(r => r[3] == "dormant"));
        foreach (var dormant in truth.Where(r => r[3] == "dormant").Select(r => r[1]))
            Assert.InRange(cdrs.Count(r => r[0] == dormant || r[1] == dormant), 0, 2);
        Assert.All(cdrs, r => Assert.StartsWith("202606", r[2]));
    }

    [Fact]
    public void Planted_outsiders_really_come_from_other_departments()
    {
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var world = Convert(seed: seed);
            var truth = world.Rows("truth_members.csv");
            var cdrs = world.Rows("cdr.csv");
            var d1 = truth.Where(r => r[0] == "D001" && r[2] == "genuine").Select(r => r[1]).ToHashSet();
            var d2 = truth.Where(r => r[0] == "D002" && r[2] == "genuine").Select(r => r[1]).ToHashSet();
            var seen = cdrs.SelectMany(r => new[] { r[0], r[1] }).ToHashSet();
            foreach (var o in truth.Where(r => r[3] == "outsider"))
            {
                var own = o[0] == "D001" ? d1 : d2;
                var other = o[0] == "D001" ? d2 : d1;
                Assert.DoesNotContain(o[1], own);
                // A person of the other group, or of the small department (a real person: it has calls).
                Assert.True(other.Contains(o[1]) || seen.Contains(o[1]), o[1]);
            }
        }
    }

    [Fact]
    public void Same_seed_same_bytes_and_another_seed_another_world()
    {
        var a = Convert(seed: 9);
        var b = Convert(seed: 9);
        var c = Convert(seed: 10);
        foreach (var name in a.Files.Keys) Assert.Equal(a.Text(name), b.Text(name));
        Assert.NotEqual(a.Text("members.csv"), c.Text("members.csv"));
    }

    [Fact]
    public void Share_variant_keeps_what_the_home_operator_sees_and_writes_the_true_share()
    {
        var world = Convert(competitorShare: 0.3, seed: 3);
        var cdrs = world.Rows("cdr.csv");
        Assert.All(cdrs, r => Assert.True(
            Plan.IsHomeNetwork(PhoneNumber.FromDigitString(r[0])) || Plan.IsHomeNetwork(PhoneNumber.FromDigitString(r[1]))));
        var truth = world.Rows("truth_members.csv");
        var groups = world.Rows("truth_groups.csv").ToDictionary(r => r[0]);
        var competitors = world.Rows("truth_competitors.csv");
        Assert.All(competitors, r => Assert.False(Plan.IsHomeNetwork(PhoneNumber.FromDigitString(r[1]))));
        foreach (var (id, size) in new[] { ("D001", 10), ("D002", 12) })
        {
            int genuine = truth.Count(r => r[0] == id && r[2] == "genuine");
            int offNet = competitors.Count(r => r[0] == id);
            Assert.Equal(size, genuine + offNet);
            Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), groups[id][2]);
            Assert.Equal(((double)genuine / size).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), groups[id][6]);
        }
        var survey = world.Rows("survey.csv");
        Assert.NotEmpty(survey);
        Assert.All(survey, s => Assert.Equal(competitors.Count(r => r[0] == s[0]).ToString(System.Globalization.CultureInfo.InvariantCulture), s[1]));
    }
}
