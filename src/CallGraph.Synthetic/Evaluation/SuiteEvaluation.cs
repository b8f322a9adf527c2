using System.Globalization;
using System.Text.Json;
using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Evaluation;

/// <summary>One world of the evaluation suite (a configuration under one seed) and how the model did on it.</summary>
/// <param name="World">Configuration name.</param>
/// <param name="Seed">Seed of the world.</param>
/// <param name="Note">Why the row has no figures (e.g. "data not found"), else null.</param>
/// <param name="ScoredGroups">Groups whose roster was scored.</param>
/// <param name="ScoredMembers">Labelled roster lines of scored groups.</param>
/// <param name="Fake">Fake verdicts against the fake labels, over <paramref name="ScoredMembers"/>.</param>
/// <param name="FakeRocAuc">ROC AUC of the score (higher = more genuine).</param>
/// <param name="SignalRocAuc">ROC AUC of every numeric signal column of members.csv on its own (higher = more genuine), by column name; null when the column is empty.</param>
/// <param name="HandRule">The hand rule "fewer than 2 colleagues reached ⇒ fake" over the same lines.</param>
/// <param name="RuleProspects">Prospects the 10% rule selects from the raw rows; null when not computed.</param>
/// <param name="ListedProspects">Rows of prospects.csv.</param>
/// <param name="ProspectsMissing">Selected by the rule, missing from prospects.csv.</param>
/// <param name="ProspectsExtra">In prospects.csv, not selected by the rule.</param>
/// <param name="ShareGroups">Scored groups with both an estimated and a true share.</param>
/// <param name="ShareMae">Mean |estimated − true| share over <paramref name="ShareGroups"/>.</param>
/// <param name="MeanShareMae">Mean |mean true share − true share| over the same groups: the constant guess to beat.</param>
/// <param name="CalibrationK">Fitted correction coefficient (from calibration.json), when a survey was given.</param>
/// <param name="CalibrationR2">R² of that fit.</param>
/// <param name="IntervalCoverage">Share of <paramref name="ShareGroups"/> whose <c>market_share_low</c>–<c>market_share_high</c> interval holds the truth; null when groups.csv has no interval.</param>
public sealed record SuiteRow(
    string World,
    string Seed,
    string? Note,
    int ScoredGroups,
    int ScoredMembers,
    DetectionScore? Fake,
    double? FakeRocAuc,
    IReadOnlyList<KeyValuePair<string, double?>> SignalRocAuc,
    DetectionScore? HandRule,
    int? RuleProspects,
    int? ListedProspects,
    int? ProspectsMissing,
    int? ProspectsExtra,
    int ShareGroups,
    double? ShareMae,
    double? MeanShareMae,
    double? CalibrationK,
    double? CalibrationR2,
    double? IntervalCoverage)
{
    /// <summary>Weights fitted on labelled members of half the groups, measured on the other half; null when not measured.</summary>
    public HeldOutLabels? Labels { get; init; }

    /// <summary>A row that only says why it has no figures.</summary>
    public static SuiteRow Empty(string world, string seed, string note) =>
        new(world, seed, note, 0, 0, null, null, Array.Empty<KeyValuePair<string, double?>>(), null, null, null, null, null, 0, null, null, null, null, null);
}

/// <summary>
/// Scores one analysis output against a world's truth for the suite. Everything is read from the documented
/// files by column name (members.csv, groups.csv, prospects.csv, calibration.json), so a signal column added to
/// members.csv later shows up in the table without a change here.
/// </summary>
public static class SuiteEvaluation
{
    /// <summary>
    /// Columns of members.csv that are not signals of the line: identity, the verdict and score under test, free
    /// text, the roster size (<c>colleagues</c>, the same for every line of a group) and the parts of <c>events</c>.
    /// Every other column whose values are numbers is a signal.
    /// </summary>
    public static readonly IReadOnlySet<string> NotSignals = new HashSet<string>(StringComparer.Ordinal)
    {
        "group_id", "msisdn", "verdict", "score", "operator", "reasons", "colleagues", "calls", "sms", "seconds",
    };

    /// <summary>
    /// Scores. <paramref name="openTruth"/> opens the world's files (truth_members.csv, truth_groups.csv);
    /// <paramref name="openResults"/> the analysis outputs (members.csv, groups.csv, prospects.csv, calibration.json).
    /// Either returns null for an absent file. <paramref name="ruleProspects"/> is what <see cref="ProspectRule"/>
    /// selected from the raw rows, or null.
    /// </summary>
    public static SuiteRow Score(string world, string seed, Func<string, TextReader?> openTruth, Func<string, TextReader?> openResults,
        IReadOnlyList<(string GroupId, string Msisdn)>? ruleProspects)
    {
        ArgumentNullException.ThrowIfNull(openTruth);
        ArgumentNullException.ThrowIfNull(openResults);
        var truth = Table.Read(openTruth, "truth_members.csv") ?? throw new DataException("truth_members.csv", 0, 0, "file not found");
        var members = Table.Read(openResults, "members.csv") ?? throw new DataException("members.csv", 0, 0, "file not found");
        var groups = Table.Read(openResults, "groups.csv");

        var labels = new Dictionary<(string, string), bool>();
        foreach (var row in truth.Rows) labels[(row[truth["group_id"]], ProspectRule.Canonical(row[truth["msisdn"]]))] = row[truth["label"]] == "fake";

        // Signal columns: every numeric column that is not known to be something else, in file order.
        var signalColumns = new List<int>();
        for (int c = 0; c < members.Header.Count; c++)
        {
            if (NotSignals.Contains(members.Header[c])) continue;
            if (members.Rows.All(r => c >= r.Count || r[c].Length == 0 || double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                signalColumns.Add(c);
        }

        int verdictCol = members["verdict"], scoreCol = members["score"], reachedCol = members.Find("colleagues_reached");
        int tp = 0, fp = 0, fn = 0, htp = 0, hfp = 0, hfn = 0, scored = 0;
        var scoreFake = new List<double>();
        var scoreGenuine = new List<double>();
        var signalFake = signalColumns.Select(_ => new List<double>()).ToArray();
        var signalGenuine = signalColumns.Select(_ => new List<double>()).ToArray();
        var scoredGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in members.Rows)
        {
            string verdict = row[verdictCol];
            if (verdict == "unscored") continue;
            string group = row[members["group_id"]];
            scoredGroups.Add(group);
            if (!labels.TryGetValue((group, ProspectRule.Canonical(row[members["msisdn"]])), out bool fake)) continue;
            scored++;
            bool flagged = verdict == "fake";
            if (flagged && fake) tp++; else if (flagged) fp++; else if (fake) fn++;
            (fake ? scoreFake : scoreGenuine).Add(Number(row[scoreCol]) ?? 0);
            if (reachedCol >= 0)
            {
                bool rule = (Number(row[reachedCol]) ?? 0) < 2;
                if (rule && fake) htp++; else if (rule) hfp++; else if (fake) hfn++;
            }
            for (int s = 0; s < signalColumns.Count; s++)
                if (Number(row[signalColumns[s]]) is double v) (fake ? signalFake[s] : signalGenuine[s]).Add(v);
        }
        var signalAuc = signalColumns.Select((c, s) => new KeyValuePair<string, double?>(members.Header[c],
            signalFake[s].Count > 0 && signalGenuine[s].Count > 0 ? WorldEvaluation.Auc(signalFake[s], signalGenuine[s]) : null)).ToList();

        // Scored groups as groups.csv says, when it says it.
        if (groups is not null && groups.Find("scored") is int scoredCol and >= 0)
            scoredGroups = groups.Rows.Where(r => r[scoredCol] == "true").Select(r => r[groups["group_id"]]).ToHashSet(StringComparer.Ordinal);

        // Market share over scored groups that have an estimate and a truth.
        int shareGroups = 0;
        double? shareMae = null, meanMae = null, coverage = null;
        var truthGroups = Table.Read(openTruth, "truth_groups.csv");
        if (groups is not null && truthGroups is not null && groups.Find("market_share") >= 0)
        {
            var trueShare = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var r in truthGroups.Rows)
                if (Number(r[truthGroups["true_market_share"]]) is double t) trueShare[r[truthGroups["group_id"]]] = t;
            int low = groups.Find("market_share_low"), high = groups.Find("market_share_high");
            var pairs = new List<(double Estimate, double Truth, double? Low, double? High)>();
            foreach (var r in groups.Rows)
            {
                string id = r[groups["group_id"]];
                if (!scoredGroups.Contains(id) || Number(r[groups["market_share"]]) is not double estimate || !trueShare.TryGetValue(id, out double t)) continue;
                pairs.Add((estimate, t, low >= 0 ? Number(r[low]) : null, high >= 0 ? Number(r[high]) : null));
            }
            shareGroups = pairs.Count;
            if (pairs.Count > 0)
            {
                double mean = pairs.Average(p => p.Truth);
                shareMae = Math.Round(pairs.Average(p => Math.Abs(p.Estimate - p.Truth)), 4);
                meanMae = Math.Round(pairs.Average(p => Math.Abs(mean - p.Truth)), 4);
                if (low >= 0 && high >= 0)
                {
                    var withInterval = pairs.Where(p => p.Low is not null && p.High is not null).ToList();
                    if (withInterval.Count > 0)
                        coverage = Math.Round(withInterval.Count(p => p.Low <= p.Truth + 1e-9 && p.Truth - 1e-9 <= p.High) / (double)withInterval.Count, 4);
                }
            }
        }

        double? k = null, r2 = null;
        using (var calibration = openResults("calibration.json"))
        {
            if (calibration is not null)
            {
                using var json = JsonDocument.Parse(calibration.ReadToEnd());
                if (json.RootElement.TryGetProperty("coefficient", out var kv) && kv.ValueKind == JsonValueKind.Number) k = kv.GetDouble();
                if (json.RootElement.TryGetProperty("r_squared", out var rv) && rv.ValueKind == JsonValueKind.Number) r2 = rv.GetDouble();
            }
        }

        int? listed = null, missing = null, extra = null;
        var prospects = Table.Read(openResults, "prospects.csv");
        if (prospects is not null)
        {
            var rows = prospects.Rows.Select(r => (r[prospects["group_id"]], r[prospects["msisdn"]])).ToList();
            listed = rows.Count;
            if (ruleProspects is not null) (missing, extra) = ProspectRule.Compare(ruleProspects, rows);
        }

        return new SuiteRow(world, seed, null, scoredGroups.Count, scored, new DetectionScore(tp, fp, fn),
            scoreFake.Count > 0 && scoreGenuine.Count > 0 ? WorldEvaluation.Auc(scoreFake, scoreGenuine) : null,
            signalAuc, reachedCol >= 0 ? new DetectionScore(htp, hfp, hfn) : null, ruleProspects?.Count, listed, missing, extra,
            shareGroups, shareMae, meanMae, k, r2, coverage);
    }

    private static double? Number(string text) =>
        text.Length > 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsNaN(v) ? v : null;

    /// <summary>A small CSV file read whole, columns by name.</summary>
    private sealed class Table
    {
        public required List<string> Header { get; init; }
        public required List<List<string>> Rows { get; init; }

        /// <summary>The column index of <paramref name="name"/>; throws when the file lacks it.</summary>
        public int this[string name] => Find(name) is int i and >= 0 ? i : throw new DataException(Source, 1, 0, $"no column {name}");

        public required string Source { get; init; }

        public int Find(string name) => Header.IndexOf(name);

        public static Table? Read(Func<string, TextReader?> open, string name)
        {
            using var reader = open(name);
            if (reader is null) return null;
            List<string>? header = null;
            var rows = new List<List<string>>();
            foreach (var (_, fields) in Csv.CsvTable.Records(reader, name))
            {
                if (header is null) { header = fields.Select(f => f.Trim()).ToList(); continue; }
                while (fields.Count < header.Count) fields.Add("");
                rows.Add(fields);
            }
            return new Table { Header = header ?? new List<string>(), Rows = rows, Source = name };
        }
    }
}
