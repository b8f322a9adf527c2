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
        var values = CouplingSignals.All.Select(s => 0.1 * ((int)s + 1)).ToArray();
        var weights = SignalWeights.FromValues(values);
        Assert.Equal(weights, new CouplingOptions().WithWeights(weights).Weights);
        Assert.Equal(new CouplingOptions().Weights, SignalWeights.Default);
        Assert.StartsWith("ties 0.1, inside 0.2, embeddedness 0.3, circle 0.4, time 0.5, place 0.6", weights.ToString());
        foreach (var s in CouplingSignals.All)
        {
            Assert.True(CouplingSignals.TryParse(CouplingSignals.Name(s).ToUpperInvariant(), out var back));
            Assert.Equal(s, back);
        }
    }

    [Fact]
    public void Count_is_the_number_of_signals()
    {
        Assert.Equal(CouplingSignals.Count, Enum.GetValues<CouplingSignal>().Length);
        Assert.Equal(Enumerable.Range(0, CouplingSignals.Count), Enum.GetValues<CouplingSignal>().Select(s => (int)s));
    }

    [Fact]
    public void Weights_are_indexed_by_signal_and_the_named_ones_agree()
    {
        var values = CouplingSignals.All.Select(s => 1.5 + (int)s).ToArray();
        var weights = SignalWeights.FromValues(values);
        Assert.Equal(values, weights.ToArray());
        Assert.All(CouplingSignals.All, s => Assert.Equal(values[(int)s], weights[s]));
        Assert.Equal((weights.Ties, weights.Inside, weights.Embeddedness, weights.Circle, weights.Time, weights.Place), (1.5, 2.5, 3.5, 4.5, 5.5, 6.5));
        var (ties, _, _, _, _, place) = weights;
        Assert.Equal((1.5, 6.5), (ties, place));
        // The six-value constructor sets the six first signals; any signal added after them weighs 0.
        var six = new SignalWeights(1.5, 2.5, 3.5, 4.5, 5.5, 6.5);
        Assert.All(CouplingSignals.All, s => Assert.Equal((int)s < 6 ? values[(int)s] : 0, six[s]));
        Assert.Throws<ArgumentOutOfRangeException>(() => weights[(CouplingSignal)CouplingSignals.Count]);
        Assert.Throws<ArgumentException>(() => SignalWeights.FromValues(values.AsSpan(1)));
    }

    [Fact]
    public void With_copies_the_weights_and_equality_compares_them()
    {
        var weights = SignalWeights.FromValues(CouplingSignals.All.Select(_ => 1.0).ToArray());
        var changed = weights with { Circle = 9 };
        Assert.Equal(1, weights.Circle);
        Assert.Equal(9, changed[CouplingSignal.Circle]);
        Assert.NotEqual(weights, changed);
        var same = changed with { Circle = 1 };
        Assert.Equal(weights, same);
        Assert.Equal(weights.GetHashCode(), same.GetHashCode());
    }

    [Fact]
    public void Named_weight_options_write_through_to_the_indexed_weights()
    {
        var options = new CouplingOptions { CircleWeight = 2, InsideWeight = 0.5 };
        Assert.Equal(2, options.Weights[CouplingSignal.Circle]);
        Assert.Equal(0.5, options.Weights[CouplingSignal.Inside]);
        Assert.Equal(SignalWeights.Default[CouplingSignal.Place], options.Weights[CouplingSignal.Place]);
        // Two ways of saying the same options are equal options.
        Assert.Equal(options, new CouplingOptions { Weights = SignalWeights.Default with { Circle = 2, Inside = 0.5 } });
        Assert.Throws<ArgumentNullException>(() => new CouplingOptions { Weights = null! });
    }

    [Fact]
    public void Credits_are_indexed_by_signal_whichever_constructor_made_them()
    {
        double?[] values = CouplingSignals.All.Select(s => s == CouplingSignal.Place ? (double?)null : 0.1 * (int)s).ToArray();
        var fromSpan = new CouplingCredits(values);
        var scored = CouplingCredits.FromScores(values.Select(v => v ?? double.NaN).ToArray());
        Assert.Equal(fromSpan, scored);
        // The six-value constructor sets the six first signals; any signal added after them is absent.
        var named = new CouplingCredits(values[0], values[1], values[2], values[3], values[4], values[5]);
        Assert.Equal(new CouplingCredits(values.Select((v, i) => i < 6 ? v : null).ToArray()), named);
        Assert.Equal(fromSpan.GetHashCode(), scored.GetHashCode());
        Assert.All(CouplingSignals.All, s => Assert.Equal(values[(int)s], fromSpan[s]));
        Assert.Equal(CouplingSignals.Count - 1, fromSpan.PresentCount);
        Assert.Equal(CouplingSignals.Count - 1, scored.PresentCount);
        Assert.NotEqual(fromSpan, new CouplingCredits(values.Select(v => v ?? 0.0).Select(v => (double?)v).ToArray()));
        Assert.Throws<ArgumentException>(() => new CouplingCredits(values.AsSpan(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CouplingCredits(values.Select(_ => (double?)double.PositiveInfinity).ToArray()));
    }

    [Fact]
    public void The_scorers_credits_allocate_nothing()
    {
        var scores = CouplingSignals.All.Select(s => s == CouplingSignal.Time ? double.NaN : 0.25).ToArray();
        double Build()
        {
            double sum = 0;
            for (int i = 0; i < 1000; i++) sum += CouplingCredits.FromScores(scores).WeightedMean(SignalWeights.Default);
            return sum;
        }
        Build(); // compiled before it is measured
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Build();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }
}
