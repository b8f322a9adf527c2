using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Numbers;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Analysis;

public class ProspectTests
{
    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void In_a_group_of_20_two_members_is_not_a_prospect_and_three_is(int contacted, bool prospect)
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 20);
        w.Clique(staff, days: 1);
        var outsider = w.OffNet();
        for (int i = 0; i < contacted; i++) w.Call(outsider, staff[i], TestWorld.At(1, 14));
        var r = w.Analyze();
        Assert.Equal(prospect, r.Prospects.Any(p => p.Msisdn == outsider));
        if (prospect)
        {
            var p = r.Prospects.Single();
            Assert.Equal(3, p.MembersContacted);
            Assert.Equal(0.15, p.MemberShare);
            Assert.Equal("cucc", p.Operator);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void On_a_small_roster_one_member_is_more_than_ten_percent(int size)
    {
        // 1 of 8 is 12.5% > 10%: the rule holds on every roster, scored or not.
        var w = new TestWorld();
        var staff = w.AddGroup("small", size);
        w.Clique(staff, days: 1);
        var outsider = w.OffNet();
        w.Call(outsider, staff[0], TestWorld.At(1, 14));
        var p = w.Analyze().Prospects.Single();
        Assert.Equal(outsider, p.Msisdn);
        Assert.Equal(1, p.MembersContacted);
    }

    [Fact]
    public void Service_and_on_net_numbers_never_qualify()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 10);
        var hotline = PhoneNumber.FromDigitString("10086");
        var onNet = w.OnNet();
        foreach (var s in staff)
        {
            w.Call(s, hotline, TestWorld.At(0, 10));
            w.Call(s, onNet, TestWorld.At(0, 11));
        }
        Assert.Empty(w.Analyze().Prospects);
    }

    [Fact]
    public void Groups_reached_counts_the_groups_a_number_is_an_outside_party_of_not_one_it_is_a_member_of()
    {
        var w = new TestWorld();
        var first = w.AddGroup("G1", 10);
        var second = w.AddGroup("G2", 10);
        var third = w.AddGroup("G3", 10);
        var courier = w.OffNet();
        w.AddMember("G2", courier);
        foreach (var s in second) w.Call(courier, s, TestWorld.At(1, 10));
        for (int i = 0; i < 3; i++) w.Call(courier, first[i], TestWorld.At(1, 14));
        Assert.Equal(1, w.Analyze().Prospects.Single(p => p.Msisdn == courier).GroupsReached);
        for (int i = 0; i < 3; i++) w.Call(third[i], courier, TestWorld.At(2, 14));
        Assert.Equal([2, 2], w.Analyze().Prospects.Where(p => p.Msisdn == courier).Select(p => p.GroupsReached));
    }

    [Fact]
    public void The_genuine_base_uses_the_verified_size()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 10);
        w.Clique(staff);
        var dormant = Enumerable.Range(0, 10).Select(_ => w.OnNet()).ToArray();
        foreach (var d in dormant) w.AddMember("G1", d);
        var outsider = w.OffNet();
        for (int i = 0; i < 2; i++) w.Call(outsider, staff[i], TestWorld.At(1, 14));
        // Roster base 20: 2 is not > 2. Genuine base 10: 2 > 1.
        Assert.Empty(w.Analyze().Prospects);
        var verified = w.Analyze(new AnalysisOptions { Circle = new CircleOptions { ProspectBase = ProspectBase.Genuine } });
        Assert.Equal(0.2, verified.Prospects.Single().MemberShare);
    }

    [Property]
    public Property Prospects_match_a_brute_force_reference_on_random_worlds() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed, 2000);
            var roster = new Roster(rows);
            var aggregator = new CallAggregator(roster);
            var sink = aggregator.CreateSink();
            foreach (var c in cdrs) sink.Add(c);
            var actual = GroupAnalyzer.Analyze(aggregator.Complete(), NumberPlan.Default).Prospects
                .Select(p => (p.GroupId, p.Msisdn.ToString(), p.MembersContacted)).ToHashSet();

            // Reference: straight from the definition, on strings and sets.
            var expected = new HashSet<(string, string, int)>();
            foreach (var group in rows.GroupBy(r => r.Item1))
            {
                var members = group.Select(r => r.Item2).ToHashSet();
                var touched = new Dictionary<PhoneNumber, HashSet<PhoneNumber>>();
                foreach (var c in cdrs)
                {
                    if (members.Contains(c.Caller) && !members.Contains(c.Callee)) Touch(touched, c.Callee, c.Caller);
                    if (members.Contains(c.Callee) && !members.Contains(c.Caller)) Touch(touched, c.Caller, c.Callee);
                }
                foreach (var (other, who) in touched)
                {
                    bool offNet = NumberPlan.Default.Describe(other).Network == Network.OffNet;
                    if (offNet && who.Count * 10 > members.Count) expected.Add((group.Key, other.ToString(), who.Count));
                }
            }
            return expected.SetEquals(actual);
        });

    private static void Touch(Dictionary<PhoneNumber, HashSet<PhoneNumber>> d, PhoneNumber other, PhoneNumber member)
    {
        if (!d.TryGetValue(other, out var set)) d[other] = set = new HashSet<PhoneNumber>();
        set.Add(member);
    }
}
