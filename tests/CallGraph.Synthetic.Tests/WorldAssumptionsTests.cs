using System.Globalization;
using CallGraph.Numbers;
using CallGraph.Synthetic;

namespace CallGraph.Synthetic.Tests;

/// <summary>Each assumption knob changes what it says it changes (behaviour, checked on the written files).</summary>
public class WorldAssumptionsTests
{
    private static readonly NumberPlan Plan = new(OperatorTable.BuiltIn);

    private static MemoryWorldOutput Generate(WorldAssumptions? assumptions, long cdrs = 30_000, ulong seed = 11, int? groups = null)
    {
        var output = new MemoryWorldOutput();
        WorldGenerator.Write(new WorldOptions(cdrs, seed, Groups: groups, Assumptions: assumptions), output);
        return output;
    }

    private static bool OnNet(string number) => Plan.IsHomeNetwork(NumberNormalizer.Normalize(number));

    /// <summary>Genuine roster lines by group, from the truth.</summary>
    private static Dictionary<string, string> GenuineGroupOf(MemoryWorldOutput w)
    {
        var result = new Dictionary<string, string>();
        foreach (var r in w.Rows("truth_members.csv")) if (r[2] == "genuine" && r[3] == "employee") result.TryAdd(r[1], r[0]);
        return result;
    }

    [Fact]
    public void Default_assumptions_give_the_same_bytes_as_no_assumptions()
    {
        var a = Generate(null, 10_000);
        var b = Generate(new WorldAssumptions(), 10_000);
        foreach (var name in a.Files.Keys) Assert.True(a.Bytes(name).AsSpan().SequenceEqual(b.Bytes(name)), name);
        Assert.DoesNotContain("assumptions", a.Text("world.json"), StringComparison.Ordinal);
        Assert.Contains("\"assumptions\"", Generate(new WorldAssumptions { TransitCalls = true }, 10_000).Text("world.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_absent_drops_the_column_and_cells_empty_leaves_it_blank()
    {
        var absent = Generate(new WorldAssumptions { Cells = CellColumn.Absent }, 10_000);
        Assert.Equal("caller,callee,start_time,duration_s,type", absent.Lines("cdr.csv")[0]);
        Assert.All(absent.Rows("cdr.csv"), r => Assert.Equal(5, r.Length));
        var empty = Generate(new WorldAssumptions { Cells = CellColumn.Empty }, 10_000);
        Assert.Equal("caller,callee,start_time,duration_s,type,cell_id", empty.Lines("cdr.csv")[0]);
        Assert.All(empty.Rows("cdr.csv"), r => Assert.Equal("", r[5]));
        Assert.All(Generate(null, 10_000).Rows("cdr.csv"), r => Assert.NotEqual("", r[5]));
    }

    [Fact]
    public void Transit_calls_put_off_net_to_off_net_rows_in_the_dump()
    {
        var transit = Generate(new WorldAssumptions { TransitCalls = true });
        var offOff = transit.Rows("cdr.csv").Where(r => !OnNet(r[0]) && !OnNet(r[1])).ToList();
        Assert.NotEmpty(offOff);
        Assert.All(offOff, r => Assert.Equal("", r[5])); // no home cell saw them
        Assert.All(Generate(null).Rows("cdr.csv"), r => Assert.True(OnNet(r[0]) || OnNet(r[1])));
    }

    [Fact]
    public void Small_rosters_make_rosters_of_5_to_9_lines_common()
    {
        var small = Generate(new WorldAssumptions { SmallGroupShare = 0.8, SmallGroupMin = 6, SmallGroupMax = 14 }, 30_000, groups: 20);
        var sizes = small.Rows("members.csv").GroupBy(r => r[0]).Select(g => g.Count()).ToList();
        Assert.True(sizes.Count(s => s is >= 5 and <= 9) >= 4, string.Join(",", sizes));
    }

    [Fact]
    public void Big_groups_reach_the_thousands()
    {
        var big = Generate(new WorldAssumptions { SmallGroupShare = 0, GroupSizeMedian = 2000, GroupSizeMin = 1500, GroupSizeMax = 5000 }, 30_000, groups: 2);
        Assert.All(big.Rows("truth_groups.csv"), r => Assert.InRange(int.Parse(r[2], CultureInfo.InvariantCulture), 1500, 5000));
    }

    /// <summary>Mean local clustering of the graph of calls between genuine employees of the same group.</summary>
    private static double ColleagueClustering(MemoryWorldOutput w)
    {
        var group = GenuineGroupOf(w);
        var adj = new Dictionary<string, HashSet<string>>();
        foreach (var r in w.Rows("cdr.csv"))
        {
            if (!group.TryGetValue(r[0], out var ga) || !group.TryGetValue(r[1], out var gb) || ga != gb || r[0] == r[1]) continue;
            (adj.TryGetValue(r[0], out var a) ? a : adj[r[0]] = new()).Add(r[1]);
            (adj.TryGetValue(r[1], out var b) ? b : adj[r[1]] = new()).Add(r[0]);
        }
        var values = new List<double>();
        foreach (var (node, nbrs) in adj)
        {
            if (nbrs.Count < 2) continue;
            var list = nbrs.ToList();
            int links = 0;
            for (int i = 0; i < list.Count; i++)
                for (int j = i + 1; j < list.Count; j++)
                    if (adj[list[i]].Contains(list[j])) links++;
            values.Add(2.0 * links / (list.Count * (list.Count - 1)));
        }
        return values.Average();
    }

    [Fact]
    public void Random_ties_remove_the_team_clustering()
    {
        var assumptions = new WorldAssumptions { SmallGroupShare = 0, GroupSizeMedian = 150, GroupSizeMin = 120, GroupSizeMax = 200 };
        double teams = ColleagueClustering(Generate(assumptions, 60_000, groups: 3));
        double random = ColleagueClustering(Generate(assumptions with { Ties = ColleagueTies.Random }, 60_000, groups: 3));
        Assert.True(random < teams / 2, $"random {random:0.000}, teams {teams:0.000}");
    }

    /// <summary>Mean count of distinct same-group genuine colleagues each genuine employee exchanged a call with.</summary>
    private static double ColleaguesReached(MemoryWorldOutput w)
    {
        var group = GenuineGroupOf(w);
        var reached = new Dictionary<string, HashSet<string>>();
        foreach (var r in w.Rows("cdr.csv"))
        {
            if (!group.TryGetValue(r[0], out var ga) || !group.TryGetValue(r[1], out var gb) || ga != gb) continue;
            (reached.TryGetValue(r[0], out var a) ? a : reached[r[0]] = new()).Add(r[1]);
            (reached.TryGetValue(r[1], out var b) ? b : reached[r[1]] = new()).Add(r[0]);
        }
        return group.Keys.Average(k => reached.TryGetValue(k, out var s) ? s.Count : 0);
    }

    [Fact]
    public void A_lower_tie_density_means_fewer_colleagues_reached()
    {
        double dense = ColleaguesReached(Generate(null, 40_000));
        double sparse = ColleaguesReached(Generate(new WorldAssumptions { TieDensity = 0.4 }, 40_000));
        Assert.True(sparse < 0.75 * dense, $"sparse {sparse:0.0}, default {dense:0.0}");
    }

    [Fact]
    public void The_on_net_share_range_bounds_every_groups_share_of_home_network_employees()
    {
        var w = Generate(new WorldAssumptions { OnNetShareMin = 0.2, OnNetShareMax = 0.3 }, 60_000, groups: 12);
        int employees = 0, onnet = 0;
        foreach (var r in w.Rows("truth_groups.csv"))
        {
            employees += int.Parse(r[2], CultureInfo.InvariantCulture);
            onnet += int.Parse(r[3], CultureInfo.InvariantCulture);
        }
        Assert.InRange((double)onnet / employees, 0.15, 0.35);
    }

    [Fact]
    public void Zipf_partners_make_a_few_partners_serve_most_groups()
    {
        static double TopReach(MemoryWorldOutput w)
        {
            var rows = w.Rows("truth_partners.csv");
            int groups = rows.Select(r => r[0]).Distinct().Count();
            return rows.GroupBy(r => r[1]).Max(g => g.Select(r => r[0]).Distinct().Count()) / (double)groups;
        }
        Assert.True(TopReach(Generate(new WorldAssumptions { Partners = PartnerPopularity.Zipf }, 60_000, groups: 20)) >= 0.8);
        Assert.True(TopReach(Generate(null, 60_000, groups: 20)) < 0.8);
    }

    [Fact]
    public void Field_staff_share_sets_how_many_employees_are_field_staff()
    {
        var w = Generate(new WorldAssumptions { FieldStaffShare = 0.5 }, 40_000);
        var genuine = w.Rows("truth_members.csv").Where(r => r[2] == "genuine").ToList();
        Assert.InRange(genuine.Count(r => r[3] == "field_staff") / (double)genuine.Count, 0.35, 0.65);
    }

    private static double NightShare(MemoryWorldOutput w)
    {
        var rows = w.Rows("cdr.csv");
        return rows.Count(r => int.Parse(r[2].AsSpan(8, 2), CultureInfo.InvariantCulture) < 6) / (double)rows.Count;
    }

    [Fact]
    public void Without_working_rhythm_calls_spread_over_the_whole_day()
    {
        Assert.InRange(NightShare(Generate(new WorldAssumptions { WorkingRhythm = false })), 0.18, 0.32); // 6 of 24 hours
        Assert.True(NightShare(Generate(null)) < 0.08);
    }

    /// <summary>Share of genuine employees with fewer than a fifth of the median employee's rows in the dump.</summary>
    private static double BarelyActive(MemoryWorldOutput w)
    {
        var genuine = GenuineGroupOf(w);
        var events = genuine.Keys.ToDictionary(k => k, _ => 0);
        foreach (var r in w.Rows("cdr.csv"))
        {
            if (events.TryGetValue(r[0], out int a)) events[r[0]] = a + 1;
            if (events.TryGetValue(r[1], out int b)) events[r[1]] = b + 1;
        }
        var sorted = events.Values.Order().ToList();
        double median = sorted[sorted.Count / 2];
        return events.Values.Count(v => v < median / 5) / (double)events.Count;
    }

    [Fact]
    public void Heavy_tailed_activity_leaves_many_more_genuine_employees_barely_active()
    {
        double heavy = BarelyActive(Generate(new WorldAssumptions { Activity = ActivityDistribution.HeavyTail }, 40_000));
        double normal = BarelyActive(Generate(null, 40_000));
        Assert.True(heavy > normal + 0.05, $"heavy {heavy:0.000}, default {normal:0.000}");
    }

    [Fact]
    public void Cross_group_ties_make_employees_of_different_groups_call_each_other()
    {
        static int CrossCalls(MemoryWorldOutput w)
        {
            var group = GenuineGroupOf(w);
            return w.Rows("cdr.csv").Count(r => group.TryGetValue(r[0], out var a) && group.TryGetValue(r[1], out var b) && a != b);
        }
        Assert.True(CrossCalls(Generate(new WorldAssumptions { CrossGroupTies = 0.5 }, 40_000)) > 0);
        Assert.Equal(0, CrossCalls(Generate(null, 40_000)));
    }

    [Fact]
    public void Camouflaged_fakes_call_their_groups_partners()
    {
        static int FakePartnerCalls(MemoryWorldOutput w)
        {
            var truth = w.Rows("truth_members.csv");
            var genuineSomewhere = truth.Where(r => r[2] == "genuine").Select(r => r[1]).ToHashSet(); // another group's employee listed here
            var fakes = truth.Where(r => r[3] is "relative" or "outsider" && !genuineSomewhere.Contains(r[1])).Select(r => (r[0], r[1])).ToHashSet();
            var fakeGroups = fakes.GroupBy(f => f.Item2).ToDictionary(g => g.Key, g => g.Select(f => f.Item1).ToHashSet());
            var partners = w.Rows("truth_partners.csv").Select(r => (r[0], r[1])).ToHashSet();
            return w.Rows("cdr.csv").Count(r =>
                (fakeGroups.TryGetValue(r[0], out var g0) && g0.Any(g => partners.Contains((g, r[1]))))
                || (fakeGroups.TryGetValue(r[1], out var g1) && g1.Any(g => partners.Contains((g, r[0])))));
        }
        Assert.True(FakePartnerCalls(Generate(new WorldAssumptions { FakePartnerCalls = 0.5 }, 40_000)) > 0);
        Assert.Equal(0, FakePartnerCalls(Generate(null, 40_000)));
    }

    [Fact]
    public void Out_of_range_knobs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WorldOptions(100, 1, Assumptions: new WorldAssumptions { TieDensity = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => new WorldOptions(100, 1, Assumptions: new WorldAssumptions { OnNetShareMin = 0.8, OnNetShareMax = 0.3 }).Validate());
        Assert.Throws<ArgumentException>(() => new WorldOptions(100, 1, Assumptions: new WorldAssumptions { SmallGroupMin = 9, SmallGroupMax = 5 }).Validate());
    }
}
