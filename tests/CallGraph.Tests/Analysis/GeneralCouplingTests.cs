using CallGraph.Analysis;
using CallGraph.Calibration;
using CallGraph.Numbers;

namespace CallGraph.Tests.Analysis;

/// <summary>The parts of the coupling and share models that must hold on data nobody tuned them to.</summary>
public class GeneralCouplingTests
{
    private static MemberAssessment Of(AnalysisResult r, PhoneNumber n) => r.Members.Single(m => m.Msisdn == n);

    [Fact]
    public void Embeddedness_is_1_for_a_clique_member_and_0_for_a_line_whose_contacts_all_live_in_another_group()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 6);
        var other = w.AddGroup("G2", 6);
        w.Clique(staff);
        w.Clique(other);
        // Planted on G1's roster, but every contact of it is a G2 member, whose roster partners are G2's.
        var planted = w.OnNet();
        w.AddMember("G1", planted);
        foreach (var o in other) w.Call(planted, o, TestWorld.At(1, 10));
        var r = w.Analyze();
        // A clique member's contacts are its colleagues, each of whose other roster partners are all in G1.
        Assert.All(staff, s => Assert.Equal(1.0, Of(r, s).Embeddedness));
        var p = r.Members.Single(m => m.Msisdn == planted && m.GroupId == "G1");
        Assert.Equal(0.0, p.Embeddedness);
        Assert.Equal(Verdict.Fake, p.Verdict);
    }

    [Fact]
    public void An_outsider_who_calls_two_members_is_less_embedded_than_the_members()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 8);
        var other = w.AddGroup("G2", 8);
        w.Clique(staff);
        w.Clique(other);
        var planted = other[0];
        w.AddMember("G1", planted);
        w.Call(planted, staff[0], TestWorld.At(2, 10));
        w.Call(planted, staff[1], TestWorld.At(2, 11));
        var r = w.Analyze();
        var p = r.Members.Single(m => m.Msisdn == planted && m.GroupId == "G1");
        Assert.Equal(2, p.ColleaguesReached);
        Assert.All(staff, s => Assert.True(Of(r, s).Embeddedness > p.Embeddedness));
        Assert.All(staff, s => Assert.True(r.Members.Single(m => m.Msisdn == s).Score > p.Score));
    }

    [Fact]
    public void In_a_quiet_dump_a_line_with_two_events_to_colleagues_is_not_inactive()
    {
        // The typical member has 8 events (a twentieth is under 1): the bar falls to 1 event, not 5.
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 9);
        for (int i = 0; i < staff.Length; i++)
            for (int k = 1; k <= 4; k++) w.Call(staff[i], staff[(i + k) % staff.Length], TestWorld.At(k, 10));
        var quiet = w.OnNet();
        w.AddMember("G1", quiet);
        w.Call(quiet, staff[0], TestWorld.At(1, 10, 30));
        w.Call(quiet, staff[1], TestWorld.At(2, 10, 30));
        var a = Of(w.Analyze(), quiet);
        Assert.False(a.Inactive);
        Assert.DoesNotContain("inactive", a.Reasons);
        Assert.NotEqual(Verdict.Fake, a.Verdict);
    }

    [Fact]
    public void A_line_with_no_events_scores_0_and_is_inactive()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 6);
        w.Clique(staff);
        var silent = w.OnNet();
        w.AddMember("G1", silent);
        var a = Of(w.Analyze(), silent);
        Assert.True(a.Inactive);
        Assert.Equal(0, a.Score);
        Assert.Equal(Verdict.Fake, a.Verdict);
    }

    [Theory]
    [InlineData(5, true, true)]
    [InlineData(9, true, true)]
    [InlineData(10, true, false)]
    [InlineData(4, false, false)]
    public void Rosters_are_scored_from_5_lines_and_under_10_say_they_rest_on_few_colleagues(int size, bool scored, bool lowConfidence)
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", size);
        w.Clique(staff);
        var r = w.Analyze();
        Assert.Equal(scored, r.Groups.Single().Scored);
        Assert.All(r.Members, m => Assert.Equal(scored, m.Verdict != Verdict.Unscored));
        Assert.All(r.Members, m => Assert.Equal(lowConfidence, m.Reasons.Contains("lower confidence", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_scored_share_lies_inside_its_interval()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 12);
        w.Clique(staff);
        // Three colleagues on a competitor network, each talking with every member both ways, as the members do.
        for (int c = 0; c < 3; c++)
        {
            var competitor = w.OffNet();
            foreach (var s in staff)
                for (int d = 0; d < 5; d++)
                {
                    w.Call(competitor, s, TestWorld.At(d, 10 + c), 120);
                    w.Call(s, competitor, TestWorld.At(d, 14 + c), 120);
                }
        }
        var g = w.Analyze().Groups.Single();
        Assert.NotNull(g.MarketShare);
        Assert.True(g.MinedCompetitorMembers > 0);
        Assert.True(g.MarketShareLow <= g.MarketShare && g.MarketShare <= g.MarketShareHigh, $"{g.MarketShareLow} {g.MarketShare} {g.MarketShareHigh}");
        Assert.True(g.MarketShareLow < g.MarketShareHigh);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public void An_off_net_number_counts_only_for_the_group_whose_members_it_talks_to_most(bool moreTiesToAnotherGroup, int minedInFirst)
    {
        var w = new TestWorld();
        var first = w.AddGroup("G1", 8);
        var second = w.AddGroup("G2", 8);
        w.Clique(first);
        w.Clique(second);
        var colleague = w.OffNet();
        void Talk(PhoneNumber member, int hour)
        {
            for (int d = 0; d < 5; d++)
            {
                w.Call(colleague, member, TestWorld.At(d, hour));
                w.Call(member, colleague, TestWorld.At(d, hour + 4));
            }
        }
        // Every member of G1 also knows one member of G2, so the group's own members reach two groups as well.
        foreach (var f in first) w.Call(f, second[7], TestWorld.At(2, 12));
        for (int i = 0; i < 5; i++) Talk(first[i], 10);
        if (moreTiesToAnotherGroup)
            for (int i = 0; i < 6; i++) Talk(second[i], 11);
        Assert.Equal(minedInFirst, w.Analyze().Groups.Single(g => g.GroupId == "G1").MinedCompetitorMembers);
    }

    [Fact]
    public void Calibration_says_when_one_coefficient_does_not_fit()
    {
        // Surveyed counts unrelated to the mined ones: R² is poor and every warning names what to do.
        var poor = CoefficientCalibration.Fit(new[] { ("A", 10.0, 1.0), ("B", 1.0, 10.0), ("C", 5.0, 5.0), ("D", 8.0, 0.0), ("E", 2.0, 9.0) });
        Assert.Contains(poor.Warnings, x => x.Contains("explains the surveyed counts poorly", StringComparison.Ordinal));
        // The survey sees five times what the data show: the coefficient is far from 1.
        var far = CoefficientCalibration.Fit(new[] { ("A", 2.0, 10.0), ("B", 4.0, 20.0), ("C", 1.0, 5.0), ("D", 3.0, 15.0), ("E", 5.0, 25.0) });
        Assert.Equal(5, far.Coefficient, 6);
        Assert.Contains(far.Warnings, x => x.Contains("far from 1", StringComparison.Ordinal) && x.Contains("--prefixes", StringComparison.Ordinal));
        Assert.DoesNotContain(far.Warnings, x => x.Contains("poorly", StringComparison.Ordinal));
        // A fit that holds says nothing.
        var good = CoefficientCalibration.Fit(new[] { ("A", 2.0, 2.0), ("B", 4.0, 4.0), ("C", 1.0, 1.0), ("D", 3.0, 3.0), ("E", 5.0, 5.0) });
        Assert.Empty(good.Warnings);
        Assert.Equal(0, good.EstimateSpread);
    }
}
