using System.Globalization;
using System.Text.Json.Serialization;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;

namespace CallGraph.Evaluation;

/// <summary>Precision, recall and F1 of a binary detector.</summary>
/// <param name="TruePositives">Flagged and truly positive.</param>
/// <param name="FalsePositives">Flagged but negative.</param>
/// <param name="FalseNegatives">Positive but not flagged.</param>
public sealed record DetectionScore(
    [property: JsonPropertyName("tp")] int TruePositives,
    [property: JsonPropertyName("fp")] int FalsePositives,
    [property: JsonPropertyName("fn")] int FalseNegatives)
{
    /// <summary>TP / (TP + FP).</summary>
    [JsonPropertyName("precision")]
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : Math.Round((double)TruePositives / (TruePositives + FalsePositives), 4);

    /// <summary>TP / (TP + FN).</summary>
    [JsonPropertyName("recall")]
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : Math.Round((double)TruePositives / (TruePositives + FalseNegatives), 4);

    /// <summary>Harmonic mean of precision and recall.</summary>
    [JsonPropertyName("f1")]
    public double F1 => Precision + Recall == 0 ? 0 : Math.Round(2 * Precision * Recall / (Precision + Recall), 4);
}

/// <summary>How well an analysis run recovered a generated world's planted truth.</summary>
/// <param name="ScoredMembers">Roster entries in scored groups with a truth label.</param>
/// <param name="Fake">Fake verdicts against fake labels.</param>
/// <param name="FakeRocAuc">ROC AUC of the score (lower = more fake) for the fake label.</param>
/// <param name="FakeRecallByKind">Recall per fake kind (dormant, relative, outsider).</param>
/// <param name="GenuineFlaggedByKind">Share of genuine members of each kind wrongly called fake.</param>
/// <param name="Baseline">The hand rule "fewer than 2 colleagues reached" as the fake detector.</param>
/// <param name="BaselineRecallByKind">The hand rule's recall per fake kind.</param>
/// <param name="ShareGroups">Groups with both an estimated and a true market share.</param>
/// <param name="ShareMeanAbsoluteError">Mean |estimated − true| market share.</param>
/// <param name="Prospects">Prospects listed.</param>
/// <param name="ProspectsThatAreCompetitorMembers">Share of prospects that are truly the group's people on a competitor network.</param>
/// <param name="CompetitorMembers">Detected competitor-network members against the truth.</param>
/// <param name="PotentialMembers">Potential members against the truth.</param>
public sealed record EvaluationReport(
    [property: JsonPropertyName("scored_members")] int ScoredMembers,
    [property: JsonPropertyName("fake")] DetectionScore Fake,
    [property: JsonPropertyName("fake_roc_auc")] double FakeRocAuc,
    [property: JsonPropertyName("fake_recall_by_kind")] IReadOnlyDictionary<string, double> FakeRecallByKind,
    [property: JsonPropertyName("genuine_flagged_by_kind")] IReadOnlyDictionary<string, double> GenuineFlaggedByKind,
    [property: JsonPropertyName("baseline_fewer_than_2_colleagues")] DetectionScore Baseline,
    [property: JsonPropertyName("baseline_recall_by_kind")] IReadOnlyDictionary<string, double> BaselineRecallByKind,
    [property: JsonPropertyName("share_groups")] int ShareGroups,
    [property: JsonPropertyName("share_mae")] double ShareMeanAbsoluteError,
    [property: JsonPropertyName("prospects")] int Prospects,
    [property: JsonPropertyName("prospect_precision_competitor_members")] double ProspectsThatAreCompetitorMembers,
    [property: JsonPropertyName("competitor_members")] DetectionScore CompetitorMembers,
    [property: JsonPropertyName("potential_members")] DetectionScore PotentialMembers);

/// <summary>Compares an analysis output folder with a generated world's truth files.</summary>
public static class WorldEvaluation
{
    /// <summary>
    /// Evaluates. <paramref name="openTruth"/> and <paramref name="openResults"/> open a file by name from the truth or results folder
    /// (returns null when absent); names are those written by <c>generate</c> and <c>analyze</c>.
    /// </summary>
    public static EvaluationReport Evaluate(Func<string, TextReader?> openTruth, Func<string, TextReader?> openResults)
    {
        ArgumentNullException.ThrowIfNull(openTruth);
        ArgumentNullException.ThrowIfNull(openResults);
        var truth = Table(openTruth, "truth_members.csv", required: true)!;
        var members = Results(openResults, "members.csv", (r, n) => ResultReader.ReadMembers(r, n)) ?? throw new DataException("members.csv", 0, 0, "file not found");
        var labels = new Dictionary<(string, string), (bool Fake, string Kind)>();
        foreach (var row in truth.Rows)
            labels[(row["group_id"], Canonical(row["msisdn"]))] = (row["label"] == "fake", row["kind"]);

        int tp = 0, fp = 0, fn = 0, btp = 0, bfp = 0, bfn = 0, scored = 0;
        var kindTotals = new Dictionary<string, int>();
        var kindFlagged = new Dictionary<string, int>();
        var kindBaseline = new Dictionary<string, int>();
        var scoresFake = new List<double>();
        var scoresGenuine = new List<double>();
        foreach (var member in members)
        {
            if (member.Verdict == Verdict.Unscored) continue;
            if (!labels.TryGetValue((member.GroupId, member.Msisdn.ToString()), out var label)) continue;
            scored++;
            bool flagged = member.Verdict == Verdict.Fake;
            bool baseline = member.ColleaguesReached < 2;
            (label.Fake ? scoresFake : scoresGenuine).Add(member.Score);
            kindTotals[label.Kind] = kindTotals.GetValueOrDefault(label.Kind) + 1;
            if (flagged) kindFlagged[label.Kind] = kindFlagged.GetValueOrDefault(label.Kind) + 1;
            if (baseline) kindBaseline[label.Kind] = kindBaseline.GetValueOrDefault(label.Kind) + 1;
            if (flagged && label.Fake) tp++; else if (flagged) fp++; else if (label.Fake) fn++;
            if (baseline && label.Fake) btp++; else if (baseline) bfp++; else if (label.Fake) bfn++;
        }
        var fakeKinds = truth.Rows.Where(r => r["label"] == "fake").Select(r => r["kind"]).ToHashSet();
        var recallByKind = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var flaggedByKind = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var baselineByKind = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (kind, total) in kindTotals)
        {
            double f = Math.Round((double)kindFlagged.GetValueOrDefault(kind) / total, 4);
            if (fakeKinds.Contains(kind))
            {
                recallByKind[kind] = f;
                baselineByKind[kind] = Math.Round((double)kindBaseline.GetValueOrDefault(kind) / total, 4);
            }
            else flaggedByKind[kind] = f;
        }

        // Market share against the truth, over groups that have both.
        double errorSum = 0;
        int shareGroups = 0;
        var truthGroups = Table(openTruth, "truth_groups.csv", required: false);
        var groups = Results(openResults, "groups.csv", ResultReader.ReadGroups);
        if (truthGroups is not null && groups is not null)
        {
            var trueShare = truthGroups.Rows.ToDictionary(r => r["group_id"], r => r["true_market_share"]);
            foreach (var g in groups)
            {
                if (g.MarketShare is not double share || !trueShare.TryGetValue(g.GroupId, out var t) || t.Length == 0) continue;
                errorSum += Math.Abs(share - double.Parse(t, CultureInfo.InvariantCulture));
                shareGroups++;
            }
        }

        var competitors = Keys(Table(openTruth, "truth_competitors.csv", required: false));
        var prospects = CircleKeys(openResults, "prospects.csv");
        var competitorLike = CircleKeys(openResults, "competitor-members.csv");
        var potentialTruth = Keys(Table(openTruth, "truth_potential_members.csv", required: false));
        var potential = CircleKeys(openResults, "potential-members.csv");
        int prospectHits = prospects.Count(competitors.Contains);

        return new EvaluationReport(scored, new DetectionScore(tp, fp, fn), Auc(scoresFake, scoresGenuine), recallByKind, flaggedByKind,
            new DetectionScore(btp, bfp, bfn), baselineByKind, shareGroups, shareGroups == 0 ? 0 : Math.Round(errorSum / shareGroups, 4),
            prospects.Count, prospects.Count == 0 ? 0 : Math.Round((double)prospectHits / prospects.Count, 4),
            Detection(competitorLike, competitors), Detection(potential, potentialTruth));
    }

    private static DetectionScore Detection(HashSet<(string, string)> found, HashSet<(string, string)> truth)
    {
        int tp = found.Count(truth.Contains);
        return new DetectionScore(tp, found.Count - tp, truth.Count - tp);
    }

    /// <summary>Probability that a random fake scores lower than a random genuine member (ties count half).</summary>
    internal static double Auc(List<double> fake, List<double> genuine) => Calibration.RocAuc.LowerIsNegative(fake, genuine);

    private static HashSet<(string, string)> CircleKeys(Func<string, TextReader?> open, string name) =>
        (Results(open, name, (r, n) => ResultReader.ReadCircle(r, n)) ?? Array.Empty<CircleContact>())
            .Select(c => (c.GroupId, c.Msisdn.ToString())).ToHashSet();

    /// <summary>Reads one analyze output file with its own reader; null when the file is absent.</summary>
    private static IReadOnlyList<T>? Results<T>(Func<string, TextReader?> open, string name, Func<TextReader, string, IReadOnlyList<T>> read)
    {
        using var reader = open(name);
        return reader is null ? null : read(reader, name);
    }

    private static HashSet<(string, string)> Keys(CsvTable? table) =>
        table is null ? new() : table.Rows.Select(r => (r["group_id"], Canonical(r["msisdn"]))).ToHashSet();

    private static string Canonical(string raw) =>
        NumberNormalizer.TryNormalize(raw.AsSpan(), out var n, out _) ? n.ToString() : raw;

    private sealed record CsvTable(List<Dictionary<string, string>> Rows);

    private static CsvTable? Table(Func<string, TextReader?> open, string name, bool required)
    {
        using var reader = open(name);
        if (reader is null)
        {
            if (required) throw new DataException(name, 0, 0, "file not found");
            return null;
        }
        var rows = new List<Dictionary<string, string>>();
        List<string>? header = null;
        foreach (var (_, fields) in Csv.CsvTable.Records(reader, name))
        {
            if (header is null) { header = fields.Select(f => f.Trim()).ToList(); continue; }
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Count; i++) row[header[i]] = i < fields.Count ? fields[i] : "";
            rows.Add(row);
        }
        return new CsvTable(rows);
    }
}
