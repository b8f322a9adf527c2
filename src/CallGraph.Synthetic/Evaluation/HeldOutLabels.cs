using CallGraph.Analysis;
using CallGraph.Calibration;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Evaluation;

/// <summary>
/// The suite's "labels" measurement on one world: weights fitted on a sample of labelled members of half the groups,
/// and the ROC AUC on the other half's labelled members of the run scored with them, against the default run's.
/// </summary>
/// <param name="Labelled">Labelled members the weights were fitted on.</param>
/// <param name="LabelledFake">Of them, fake.</param>
/// <param name="HeldOutMembers">Labelled members of the held-out groups the AUCs are measured on.</param>
/// <param name="Fitted">False when the sample could not support a fit (the fitted column then repeats the default weights).</param>
/// <param name="AucDefault">ROC AUC of the default run's scores on the held-out members.</param>
/// <param name="AucFitted">ROC AUC of the scores of the run scored with the fitted weights, on the same members.</param>
/// <param name="Weights">The fitted weights.</param>
public sealed record HeldOutLabels(int Labelled, int LabelledFake, int HeldOutMembers, bool Fitted, double? AucDefault, double? AucFitted, SignalWeights Weights)
{
    /// <summary>Labelled members sampled from the training half of a world's groups, as account managers would check a few hundred lines.</summary>
    public const int DefaultSample = 300;

    /// <summary>
    /// Measures on a finished run: the world's scored groups are split in two halves by a seeded stable hash of their
    /// ids; <paramref name="sample"/> labelled members (seeded) of the first half fit the weights; the run is scored again
    /// from its aggregate with them; both runs' scores are ranked on every labelled member of the second half.
    /// Null when the truth has no labelled member in a scored group.
    /// </summary>
    internal static HeldOutLabels? Measure(CallGraphRun run, NumberPlan plan, Analysis.AnalysisOptions analysis, IReadOnlyDictionary<string, GroupInfo>? groups,
        TextReader truth, int sample, ulong seed)
    {
        var byMember = new Dictionary<(string, PhoneNumber), MemberAssessment>();
        foreach (var m in run.Result.Members)
            if (m.Credits.PresentCount > 0) byMember[(m.GroupId, m.Msisdn)] = m;
        var labelled = new List<(MemberAssessment Member, bool Fake)>();
        using (var file = SignalWeightFit.LabelsFile.Contract.Read(truth, "truth_members.csv"))
            while (file.Next())
            {
                string group = file.Text(SignalWeightFit.LabelsFile.GroupId);
                if (NumberNormalizer.TryNormalize(file.Text(SignalWeightFit.LabelsFile.Msisdn).AsSpan(), out var number, out _) && byMember.TryGetValue((group, number), out var member))
                    labelled.Add((member, file.Text(SignalWeightFit.LabelsFile.Label) == "fake"));
            }
        if (labelled.Count == 0) return null;

        // Half the scored groups (by a seeded stable hash) train, the other half are held out.
        var ids = labelled.Select(x => x.Member.GroupId).Distinct(StringComparer.Ordinal)
            .OrderBy(id => Synthetic.SeededRandom.Mix(SignalWeightFit.StableHash(id) ^ seed)).ThenBy(id => id, StringComparer.Ordinal).ToList();
        var train = ids.Take((ids.Count + 1) / 2).ToHashSet(StringComparer.Ordinal);
        var candidates = labelled.Where(x => train.Contains(x.Member.GroupId)).ToList();
        var heldOut = labelled.Where(x => !train.Contains(x.Member.GroupId)).ToList();

        // A seeded partial shuffle picks the sample.
        var random = new Synthetic.SeededRandom(seed, stream: 0x1abe15);
        int take = Math.Min(sample, candidates.Count);
        for (int i = 0; i < take; i++)
        {
            int j = i + random.Next(candidates.Count - i);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }
        var samples = candidates.Take(take).Select(x => new LabelledCredits(x.Member.GroupId, x.Member.Credits, x.Fake)).ToList();
        var fit = SignalWeightFit.Fit(samples, new SignalWeightFitOptions { Baseline = analysis.Coupling.Weights });

        IReadOnlyDictionary<(string, PhoneNumber), MemberAssessment> refitted = byMember;
        if (fit.Fitted)
        {
            var rescored = GroupAnalyzer.Analyze(run.Aggregate, plan, analysis with { Coupling = analysis.Coupling.WithWeights(fit.Weights) }, groups);
            refitted = rescored.Members.ToDictionary(m => (m.GroupId, m.Msisdn));
        }
        double? Auc(IReadOnlyDictionary<(string, PhoneNumber), MemberAssessment> scores)
        {
            var fake = new List<double>();
            var genuine = new List<double>();
            foreach (var (m, isFake) in heldOut) (isFake ? fake : genuine).Add(scores[(m.GroupId, m.Msisdn)].Score);
            return fake.Count > 0 && genuine.Count > 0 ? WorldEvaluation.Auc(fake, genuine) : null;
        }
        return new HeldOutLabels(samples.Count, samples.Count(s => s.Fake), heldOut.Count, fit.Fitted, Auc(byMember), Auc(refitted), fit.Weights);
    }
}
