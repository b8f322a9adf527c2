using CallGraph.Analysis;
using CallGraph.Numbers;

namespace CallGraph.Tests.Analysis;

/// <summary>The credits every scored member carries: the score is their weighted mean, and a signal the group lacks is absent.</summary>
public class CouplingCreditsTests
{
    /// <summary>Two offices of 12 (one with an office cell, one without), each with a relative who calls one employee in the evening.</summary>
    private static (TestWorld World, PhoneNumber[] Staff, PhoneNumber Relative) TwoOffices(out PhoneNumber[] otherStaff)
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 12);
        w.Clique(staff, officeCell: 77);
        otherStaff = w.AddGroup("G2", 12);
        w.Clique(otherStaff);
        var partners = Enumerable.Range(0, 3).Select(_ => w.OffNet()).ToArray();
        for (int i = 0; i < staff.Length; i++)
            foreach (var p in partners)
            {
                w.Call(staff[i], p, TestWorld.At(i % 5, 14), 100, 77);
                w.Call(otherStaff[i], p, TestWorld.At(i % 5, 15), 100);
            }
        var relative = w.OnNet();
        w.AddMember("G1", relative);
        for (int d = 0; d < 7; d++) w.Call(relative, staff[0], TestWorld.At(d, 20), 300, cell: 9001);
        return (w, staff, relative);
    }

    [Fact]
    public void Place_is_absent_in_a_group_without_cells_and_present_with_them()
    {
        var (w, staff, relative) = TwoOffices(out var otherStaff);
        var r = w.Analyze();
        foreach (var n in staff.Append(relative))
            Assert.NotNull(r.Members.Single(m => m.Msisdn == n).Credits[CouplingSignal.Place]);
        foreach (var n in otherStaff)
        {
            var c = r.Members.Single(m => m.Msisdn == n).Credits;
            Assert.Null(c[CouplingSignal.Place]);
            Assert.NotNull(c[CouplingSignal.Ties]);
        }
        // The relative's office credit is there, and it is none: it never calls from the office cell.
        Assert.Equal(0, r.Members.Single(m => m.Msisdn == relative).Credits[CouplingSignal.Place]);
    }

    [Fact]
    public void Members_of_unscored_groups_carry_no_credits()
    {
        var w = new TestWorld();
        w.Clique(w.AddGroup("tiny", 4));
        Assert.All(w.Analyze().Members, m => Assert.Equal(0, m.Credits.PresentCount));
    }

    public static TheoryData<double, double, double, double, double, double> Weightings => new()
    {
        { 1, 0, 1, 1, 1, 1 }, // the defaults
        { 0, 0, 0, 1, 0, 0 },
        { 0.2, 3, 0, 0.5, 0, 2 },
        { 0, 0, 0, 0, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Weightings))]
    public void The_score_is_the_weighted_mean_of_the_credits(double ties, double inside, double embeddedness, double circle, double time, double place)
    {
        var (w, _, _) = TwoOffices(out _);
        var weights = new SignalWeights(ties, inside, embeddedness, circle, time, place);
        var r = w.Analyze(new AnalysisOptions { Coupling = new CouplingOptions().WithWeights(weights) });
        Assert.All(r.Members, m => Assert.Equal(m.Score, Math.Round(m.Credits.WeightedMean(weights), 4), 6));
    }

    [Fact]
    public void All_weight_on_one_signal_scores_that_credit_alone()
    {
        var (w, _, _) = TwoOffices(out _);
        var circleOnly = new SignalWeights(0, 0, 0, 1, 0, 0);
        var r = w.Analyze(new AnalysisOptions { Coupling = new CouplingOptions().WithWeights(circleOnly) });
        Assert.All(r.Members, m => Assert.Equal(Math.Round(m.Credits[CouplingSignal.Circle] ?? 0, 4), m.Score, 6));
    }

    [Fact]
    public void Weights_survive_the_trip_through_coupling_options()
    {
        var weights = new SignalWeights(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        Assert.Equal(weights, new CouplingOptions().WithWeights(weights).Weights);
        Assert.Equal(new CouplingOptions().Weights, SignalWeights.Default);
        Assert.Equal("ties 0.1, inside 0.2, embeddedness 0.3, circle 0.4, time 0.5, place 0.6", weights.ToString());
        foreach (var s in CouplingSignals.All)
        {
            Assert.True(CouplingSignals.TryParse(CouplingSignals.Name(s).ToUpperInvariant(), out var back));
            Assert.Equal(s, back);
        }
    }
}
