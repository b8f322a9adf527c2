using CallGraph.Analysis;
using CallGraph.Calibration;
using CallGraph.Ingest;
using CallGraph.Numbers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Calibration;

public class SignalWeightFitTests
{
    /// <summary>
    /// Labelled credits over <paramref name="groups"/> groups where only <paramref name="separating"/> tells genuine from
    /// fake (high for genuine, low for fake); every other credit is noise drawn alike for both classes.
    /// </summary>
    private static List<LabelledCredits> OneSignalSeparates(CouplingSignal separating, int genuinePerGroup = 8, int fakePerGroup = 2, int groups = 20, int seed = 7, bool placeAbsent = false)
    {
        var rng = new Random(seed);
        var samples = new List<LabelledCredits>();
        for (int g = 0; g < groups; g++)
            for (int i = 0; i < genuinePerGroup + fakePerGroup; i++)
            {
                bool fake = i >= genuinePerGroup;
                var values = new double?[CouplingSignals.Count];
                foreach (var s in CouplingSignals.All)
                    values[(int)s] = s == separating ? (fake ? 0.1 + 0.2 * rng.NextDouble() : 0.7 + 0.3 * rng.NextDouble()) : rng.NextDouble();
                if (placeAbsent) values[(int)CouplingSignal.Place] = null;
                samples.Add(new LabelledCredits($"G{g:00}", new CouplingCredits(values[0], values[1], values[2], values[3], values[4], values[5]), fake));
            }
        return samples;
    }

    [Theory]
    [InlineData(CouplingSignal.Circle)]
    [InlineData(CouplingSignal.Inside)]
    [InlineData(CouplingSignal.Place)]
    public void The_only_credit_that_separates_the_labels_gets_the_largest_weight(CouplingSignal separating)
    {
        var fit = SignalWeightFit.Fit(OneSignalSeparates(separating));
        Assert.True(fit.Fitted);
        foreach (var s in CouplingSignals.All.Where(s => s != separating))
            Assert.True(fit.Weights[separating] > fit.Weights[s], $"{separating} vs {s}: {fit.Weights}");
        // The defaults spread the weight over five noisy credits (inside weighs 0 by default): the fit ranks better.
        Assert.True(fit.CvAucFitted > fit.CvAucDefault, $"{fit.CvAucFitted} vs {fit.CvAucDefault}");
        Assert.True(fit.BeatsDefault);
        Assert.Equal(160, fit.Genuine);
        Assert.Equal(40, fit.Fake);
        Assert.Equal(1.0, fit.Weights.ToArray().Sum(), 5);
    }

    [Fact]
    public void One_class_labels_keep_the_default_weights_with_a_warning()
    {
        var genuineOnly = OneSignalSeparates(CouplingSignal.Circle, fakePerGroup: 0);
        var fit = SignalWeightFit.Fit(genuineOnly);
        Assert.False(fit.Fitted);
        Assert.Equal(SignalWeights.Default, fit.Weights);
        Assert.Contains(fit.Warnings, w => w.Contains("only genuine", StringComparison.Ordinal));
        Assert.Null(fit.CvAucFitted);
        Assert.False(fit.BeatsDefault);
    }

    [Fact]
    public void Too_few_fakes_keep_the_baseline_weights_with_a_warning()
    {
        var baseline = new SignalWeights(1, 1, 0, 2, 1, 0);
        var fewFakes = OneSignalSeparates(CouplingSignal.Circle).Where(s => !s.Fake).Concat(OneSignalSeparates(CouplingSignal.Circle).Where(s => s.Fake).Take(10)).ToList();
        var fit = SignalWeightFit.Fit(fewFakes, new SignalWeightFitOptions { Baseline = baseline });
        Assert.False(fit.Fitted);
        Assert.Equal(baseline, fit.Weights);
        Assert.Contains(fit.Warnings, w => w.Contains("10 fake", StringComparison.Ordinal));
    }

    [Fact]
    public void A_credit_that_ranks_the_labels_backwards_weighs_0_with_a_warning()
    {
        // Circle separates; time is high for fakes and low for genuine members.
        var samples = OneSignalSeparates(CouplingSignal.Circle).Select(s =>
        {
            var c = s.Credits;
            double time = s.Fake ? 0.9 : 0.2 + 0.1 * (c[CouplingSignal.Ties] ?? 0);
            return s with { Credits = new CouplingCredits(c[CouplingSignal.Ties], c[CouplingSignal.Inside], c[CouplingSignal.Embeddedness], c[CouplingSignal.Circle], time, c[CouplingSignal.Place]) };
        }).ToList();
        var fit = SignalWeightFit.Fit(samples);
        Assert.True(fit.Fitted);
        Assert.Equal(0, fit.Weights.Time);
        Assert.Contains(fit.Warnings, w => w.Contains("coefficient of time came out negative", StringComparison.Ordinal));
        Assert.True(fit.Weights.Circle > 0);
    }

    [Fact]
    public void A_credit_absent_for_every_label_weighs_0_and_absent_is_not_zero()
    {
        var fit = SignalWeightFit.Fit(OneSignalSeparates(CouplingSignal.Circle, placeAbsent: true));
        Assert.True(fit.Fitted);
        Assert.Equal(0, fit.Weights.Place);
        Assert.Contains(fit.Warnings, w => w.StartsWith("place is absent", StringComparison.Ordinal));

        // The weighted mean skips an absent credit, where a 0 would pull it down.
        var absent = new CouplingCredits(1, 1, 1, 1, 1, null);
        var zero = new CouplingCredits(1, 1, 1, 1, 1, 0.0);
        Assert.Null(absent[CouplingSignal.Place]);
        Assert.Equal(1, absent.WeightedMean(SignalWeights.Default));
        Assert.True(zero.WeightedMean(SignalWeights.Default) < 1);
        Assert.Equal(0, default(CouplingCredits).PresentCount);
    }

    [Fact]
    public void Labels_from_one_group_cannot_be_cross_validated()
    {
        var oneGroup = OneSignalSeparates(CouplingSignal.Circle, genuinePerGroup: 40, fakePerGroup: 25, groups: 1);
        var fit = SignalWeightFit.Fit(oneGroup);
        Assert.True(fit.Fitted);
        Assert.Equal(1, fit.Folds);
        Assert.Null(fit.CvAucFitted);
        Assert.False(fit.BeatsDefault);
        Assert.Contains(fit.Warnings, w => w.Contains("no cross-validation", StringComparison.Ordinal));
    }

    [Fact]
    public void A_groups_members_share_one_fold_and_the_fit_is_repeatable()
    {
        var samples = OneSignalSeparates(CouplingSignal.Embeddedness);
        foreach (var group in samples.GroupBy(s => s.GroupId))
            Assert.Single(group.Select(s => SignalWeightFit.FoldOf(s.GroupId, 5)).Distinct());
        Assert.Equal(SignalWeightFit.ToJson(SignalWeightFit.Fit(samples)), SignalWeightFit.ToJson(SignalWeightFit.Fit(samples.ToList())));
    }

    private static Gen<string> Texts() =>
        CalibrationTests.Texts().Where(t => !t.Any(char.IsSurrogate) || t.EnumerateRunes().All(r => r != System.Text.Rune.ReplacementChar));

    [Property]
    public Property Weights_json_reads_back_what_it_wrote()
    {
        var weight = Gen.OneOf(Gen.Constant(0.0), Gen.Choose(0, 1_000_000).Select(i => i / 1000.0), Gen.Elements(double.Epsilon, 1e-300, 1e300, 0.1 + 0.2));
        var auc = Gen.OneOf(Gen.Constant<double?>(null), Gen.Choose(0, 10_000).Select(i => (double?)(i / 10_000.0)));
        var results =
            from w in weight.ArrayOf(CouplingSignals.Count).Where(a => a.Any(x => x > 0))
            from fitted in Gen.Elements(true, false)
            from genuine in Gen.Choose(0, 100_000)
            from fake in Gen.Choose(0, 100_000)
            from f in auc
            from d in auc
            from folds in Gen.Choose(0, 10)
            from l2 in Gen.Choose(1, 1000).Select(i => i / 100.0)
            from warnings in Texts().ArrayOf()
            from coefficients in Gen.Choose(-100_000, 100_000).Select(i => i / 997.0).ArrayOf(CouplingSignals.Count + 1)
            select new WeightFitResult(SignalWeights.FromValues(w), fitted, genuine, fake, f, d, folds, warnings)
            {
                L2 = l2,
                Coefficients = CouplingSignals.All.Select(CouplingSignals.Name).Append("intercept").Zip(coefficients).ToDictionary(p => p.First, p => p.Second),
            };
        return Prop.ForAll(results.ToArbitrary(), r =>
        {
            var back = SignalWeightFit.FromJson(SignalWeightFit.ToJson(r), "weights.json");
            return back.Weights == r.Weights && back.Fitted == r.Fitted && back.Genuine == r.Genuine && back.Fake == r.Fake
                && back.CvAucFitted == r.CvAucFitted && back.CvAucDefault == r.CvAucDefault && back.Folds == r.Folds && back.L2 == r.L2
                && back.Warnings.SequenceEqual(r.Warnings)
                && back.Coefficients.OrderBy(c => c.Key, StringComparer.Ordinal).SequenceEqual(r.Coefficients.OrderBy(c => c.Key, StringComparer.Ordinal));
        });
    }

    [Theory]
    [InlineData("{\"weights\": {\"ties\": -1, \"circle\": 1}}", "negative")]
    [InlineData("{\"weights\": {\"ties\": 0, \"circle\": 0}}", "no weight is positive")]
    [InlineData("{\"weights\": {\"ties\": \"NaN\"}}", "not a finite number")]
    [InlineData("{\"weights\": {\"ties\": 1e999}}", "not a finite number")]
    [InlineData("{\"weights\": {\"ties\": 1e308, \"circle\": 1e308}}", "too large to add up")]
    [InlineData("{\"weights\": {\"tie\": 1}}", "unknown signal 'tie'")]
    [InlineData("{\"weights\": {\"ties\": 1, \"ties\": 2}}", "given twice")]
    [InlineData("{\"coefficient\": 1.2}", "no \"weights\" object")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"weights\": ", "not a weights file")]
    public void A_bad_weights_file_is_a_data_error_naming_the_file(string json, string reason)
    {
        var ex = Assert.Throws<DataException>(() => SignalWeightFit.FromJson(json, "w.json"));
        Assert.StartsWith("w.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_written_weights_file_needs_only_the_weights()
    {
        var read = SignalWeightFit.FromJson("{\"weights\": {\"Circle\": 2}}", "w.json");
        Assert.Equal(new SignalWeights(0, 0, 0, 2, 0, 0), read.Weights);
    }

    private static CallGraph.Rosters.Roster Roster() => new(new[]
    {
        ("G1", NumberNormalizer.Normalize("13800000001")), ("G1", NumberNormalizer.Normalize("13800000002")), ("G2", NumberNormalizer.Normalize("13800000003")),
    });

    [Theory]
    [InlineData("G1,13800000001,genuine\nG1,13800000002,maybe\n", 3, "label 'maybe' must be genuine or fake")]
    [InlineData("G1,13800000001,genuine\nG2,13800000001,fake\n", 3, "13800000001 is not on group G2's roster")]
    [InlineData("G1,13800000001,genuine\nG9,13800000001,fake\n", 3, "group 'G9' is on no roster")]
    [InlineData("G1,13800000001,genuine\nG1,+8613800000001,fake\n", 3, "labelled twice (first on line 2)")]
    [InlineData("G1,not-a-number,fake\n", 2, "is not a phone number")]
    [InlineData("G1,13800000001\n", 2, "expected at least 3 fields")]
    public void A_bad_labels_line_is_a_data_error_naming_file_and_line(string body, int line, string reason)
    {
        var ex = Assert.Throws<DataException>(() => SignalWeightFit.ReadLabels(new StringReader("group_id,msisdn,label\n" + body), "labels.csv", Roster()));
        Assert.Equal("labels.csv", ex.Source);
        Assert.Equal(line, ex.Line);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_are_read_in_any_column_order_and_case()
    {
        var labels = SignalWeightFit.ReadLabels(new StringReader("label,MSISDN,group_id\nFake,13800000002,G1\n genuine ,13800000003,G2\n"), "labels.csv", Roster());
        Assert.Equal(new[] { new MemberLabel("G1", NumberNormalizer.Normalize("13800000002"), true), new MemberLabel("G2", NumberNormalizer.Normalize("13800000003"), false) }, labels);
        Assert.Throws<DataException>(() => SignalWeightFit.ReadLabels(new StringReader("group_id,msisdn\n"), "labels.csv", Roster()));
    }
}
