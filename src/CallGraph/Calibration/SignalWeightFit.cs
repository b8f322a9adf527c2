using CallGraph.Csv;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using MathNet.Numerics.LinearAlgebra;

namespace CallGraph.Calibration;

/// <summary>An account manager's checked verdict on one roster line.</summary>
/// <param name="GroupId">Group key.</param>
/// <param name="Msisdn">The member's number (canonical).</param>
/// <param name="Fake">True for <c>fake</c>, false for <c>genuine</c>.</param>
public sealed record MemberLabel(string GroupId, PhoneNumber Msisdn, bool Fake);

/// <summary>One observation of the weight fit: a labelled member's credits.</summary>
/// <param name="GroupId">The member's group: cross-validation folds are drawn by group.</param>
/// <param name="Credits">The member's credits in the run.</param>
/// <param name="Fake">The label.</param>
public readonly record struct LabelledCredits(string GroupId, CouplingCredits Credits, bool Fake);

/// <summary>How <see cref="SignalWeightFit"/> fits and checks the weights.</summary>
public sealed record SignalWeightFitOptions
{
    /// <summary>
    /// L2 penalty on the credits' coefficients (not the intercept), on the summed log-likelihood. Credits all lie in
    /// 0..1, so one penalty fits all; 1 keeps a credit that separates the labels perfectly from a coefficient running
    /// off to infinity while moving a fit on a few hundred labels very little.
    /// </summary>
    public double L2 { get; init; } = 1;

    /// <summary>Cross-validation folds; a group's members all fall in the same one.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Fewer labels than this of either class and the fit keeps <see cref="Baseline"/> (one coefficient per signal needs more).</summary>
    public int MinimumPerClass { get; init; } = 20;

    /// <summary>The weights the fit is compared with and falls back to: the run's own (by default, the defaults).</summary>
    public SignalWeights Baseline { get; init; } = SignalWeights.Default;
}

/// <summary>The fitted weights, how well they rank the labelled members, and what went wrong.</summary>
/// <param name="Weights">The fitted weights (summing to 1), or <see cref="SignalWeightFitOptions.Baseline"/> when the fit fell back.</param>
/// <param name="Fitted">False when the labels could not support a fit and <paramref name="Weights"/> are the baseline.</param>
/// <param name="Genuine">Labelled genuine members used.</param>
/// <param name="Fake">Labelled fake members used.</param>
/// <param name="CvAucFitted">Cross-validated ROC AUC of the fitted weights' scores (folds by group); null when it cannot be measured.</param>
/// <param name="CvAucDefault">ROC AUC of the baseline weights' scores on the same members; null when it cannot be measured.</param>
/// <param name="Folds">Folds the labelled groups fell in (non-empty ones).</param>
/// <param name="Warnings">Problems with the labels or the fit, each with what it means.</param>
public sealed record WeightFitResult(
    SignalWeights Weights,
    bool Fitted,
    int Genuine,
    int Fake,
    double? CvAucFitted,
    double? CvAucDefault,
    int Folds,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Labelled members used.</summary>
    public int N => Genuine + Fake;

    /// <summary>The logistic regression's coefficients by signal name, and <c>intercept</c>; empty when not fitted.</summary>
    public IReadOnlyDictionary<string, double> Coefficients { get; init; } = new Dictionary<string, double>();

    /// <summary>The L2 penalty the fit used.</summary>
    public double L2 { get; init; }

    /// <summary>True when the weights were fitted and rank the held-out labels better than the baseline did.</summary>
    public bool BeatsDefault => Fitted && CvAucFitted is double f && CvAucDefault is double d && f > d;
}

/// <summary>
/// Fits the coupling score's weights to account managers' checked verdicts (<c>group_id,msisdn,label</c>).
/// <para>
/// <b>Model.</b> A logistic regression of "genuine" on the credits (one per signal), L2-regularised, by Newton's method. The
/// score is the weighted mean of the credits present in the member's group; a credit absent there is imputed at the
/// member's weighted mean of its present credits (under the weights being fitted, iterated to a fixed point), which
/// leaves that mean unchanged. So the fitted linear predictor is intercept + Σ coefficients × score: a logistic
/// regression on the score itself, and the coefficients, scaled to sum to 1, are weights the score can use.
/// </para>
/// <para>
/// <b>Non-negative.</b> The score rewards every credit, so a credit whose coefficient comes out negative (it ranks the
/// labels backwards given the others) is dropped, its weight 0 with a warning, and the rest refitted. Labels that cannot
/// support a coefficient per signal (one class, fewer than <see cref="SignalWeightFitOptions.MinimumPerClass"/> of either)
/// keep the baseline weights, with a warning.
/// </para>
/// <para>
/// <b>Checked.</b> Groups are dealt into folds by a stable hash of their id (the same groups fall in the same folds on
/// every run and machine); each fold's members are scored with weights fitted on the other folds, and the ROC AUC of
/// those held-out scores is set against the baseline weights' AUC on the same members. The run uses the fitted weights
/// only when they win.
/// </para>
/// </summary>
public static class SignalWeightFit
{
    /// <summary>Fits the weights on the labelled members of an analysis (their <see cref="MemberAssessment.Credits"/>).</summary>
    /// <remarks>Labels of members not in <paramref name="members"/>, or of members of groups too small to score, are left out with a warning.</remarks>
    public static WeightFitResult Fit(IEnumerable<MemberAssessment> members, IEnumerable<MemberLabel> labels, SignalWeightFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(labels);
        var credits = new Dictionary<(string, PhoneNumber), CouplingCredits>();
        foreach (var m in members) credits[(m.GroupId, m.Msisdn)] = m.Credits;
        var samples = new List<LabelledCredits>();
        int missing = 0, unscored = 0;
        foreach (var label in labels)
        {
            if (!credits.TryGetValue((label.GroupId, label.Msisdn), out var c)) missing++;
            else if (c.PresentCount == 0) unscored++;
            else samples.Add(new LabelledCredits(label.GroupId, c, label.Fake));
        }
        var warnings = new List<string>();
        if (missing > 0) warnings.Add($"{LabelledMembers(missing)} on no roster of the run: left out");
        if (unscored > 0) warnings.Add($"{LabelledMembers(unscored)} in groups too small to score: left out");
        return Fit(samples, options, warnings);
    }

    /// <summary>Fits the weights on labelled credits, and cross-validates them against the baseline.</summary>
    public static WeightFitResult Fit(IReadOnlyList<LabelledCredits> samples, SignalWeightFitOptions? options = null, IEnumerable<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new SignalWeightFitOptions();
        if (options.Baseline.Problem() is { } problem) throw new ArgumentException("baseline weights: " + problem, nameof(options));
        if (!(options.L2 > 0) || !double.IsFinite(options.L2)) throw new ArgumentOutOfRangeException(nameof(options), "L2 must be a positive number");
        if (options.Folds < 2) throw new ArgumentOutOfRangeException(nameof(options), "at least 2 folds");
        var notes = new List<string>(warnings ?? Array.Empty<string>());
        var usable = samples.Where(s => s.Credits.PresentCount > 0).ToList();
        if (usable.Count < samples.Count) notes.Add($"{LabelledMembers(samples.Count - usable.Count)} without credits (unscored): left out");
        int fake = usable.Count(s => s.Fake), genuine = usable.Count - fake;

        var fit = FitOnce(usable, options, notes);

        // Cross-validation: every member scored by weights that never saw its group.
        var fold = usable.Select(s => FoldOf(s.GroupId, options.Folds)).ToArray();
        var folds = fold.Distinct().Order().ToArray();
        double? cvFitted = null, cvDefault = null;
        if (folds.Length < 2)
            notes.Add($"the labelled members' groups fall in {folds.Length} of {options.Folds} folds: no cross-validation; label members of more groups");
        else
        {
            var fittedFake = new List<double>();
            var fittedGenuine = new List<double>();
            var baseFake = new List<double>();
            var baseGenuine = new List<double>();
            foreach (int k in folds)
            {
                var train = usable.Where((_, i) => fold[i] != k).ToList();
                var weights = FitOnce(train, options, warnings: null).Weights;
                for (int i = 0; i < usable.Count; i++)
                {
                    if (fold[i] != k) continue;
                    var s = usable[i];
                    (s.Fake ? fittedFake : fittedGenuine).Add(s.Credits.WeightedMean(weights));
                    (s.Fake ? baseFake : baseGenuine).Add(s.Credits.WeightedMean(options.Baseline));
                }
            }
            if (fake > 0 && genuine > 0)
            {
                cvFitted = RocAuc.LowerIsNegative(fittedFake, fittedGenuine);
                cvDefault = RocAuc.LowerIsNegative(baseFake, baseGenuine);
            }
        }
        return new WeightFitResult(fit.Weights, fit.Fitted, genuine, fake, cvFitted, cvDefault, folds.Length, notes)
        {
            Coefficients = fit.Coefficients,
            L2 = options.L2,
        };
    }

    private static string LabelledMembers(int n) => n == 1 ? "1 labelled member is" : $"{n} labelled members are";

    private sealed record OneFit(SignalWeights Weights, bool Fitted, IReadOnlyDictionary<string, double> Coefficients);

    /// <summary>The whole fit on one set of labels; <paramref name="warnings"/> (null inside cross-validation) hears what went wrong.</summary>
    private static OneFit FitOnce(List<LabelledCredits> samples, SignalWeightFitOptions options, List<string>? warnings)
    {
        var none = new Dictionary<string, double>();
        int fake = samples.Count(s => s.Fake), genuine = samples.Count - fake;
        if (fake < options.MinimumPerClass || genuine < options.MinimumPerClass)
        {
            warnings?.Add(fake == 0 && genuine == 0 ? "no labelled member could be used: no fit, the default weights stay"
                : fake == 0 || genuine == 0
                ? $"the labels hold only {(fake == 0 ? "genuine" : "fake")} members: no fit, the default weights stay"
                : $"{genuine} genuine and {fake} fake labels: fewer than {options.MinimumPerClass} of a class cannot fit {CouplingSignals.CountInWords} weights; the default weights stay");
            return new OneFit(options.Baseline, false, none);
        }

        // Signals present for no labelled member say nothing: weight 0.
        var active = new List<CouplingSignal>();
        foreach (var s in CouplingSignals.All)
        {
            if (samples.Any(x => x.Credits.IsPresent(s))) active.Add(s);
            else warnings?.Add($"{CouplingSignals.Name(s)} is absent in the groups of every labelled member: weight 0 (the labels say nothing about it)");
        }

        var y = samples.Select(s => s.Fake ? 0.0 : 1.0).ToArray();
        var weights = options.Baseline.ToArray();
        double[] coefficients = [];
        for (int round = 0; round < 20; round++)
        {
            var x = Impute(samples, weights);
            // Drop the most negative coefficient until none is left (active set); each drop refits the rest.
            while (true)
            {
                if (active.Count == 0)
                {
                    warnings?.Add("the coefficient of every credit came out negative: the labels rank members against the score; the default weights stay");
                    return new OneFit(options.Baseline, false, none);
                }
                coefficients = Logistic(x, y, active, options.L2);
                int worst = -1;
                for (int j = 0; j < active.Count; j++)
                    if (coefficients[j + 1] < 0 && (worst < 0 || coefficients[j + 1] < coefficients[worst + 1])) worst = j;
                if (worst < 0) break;
                warnings?.Add($"the coefficient of {CouplingSignals.Name(active[worst])} came out negative ({coefficients[worst + 1].ToString("0.###", CultureInfo.InvariantCulture)}): weight 0");
                active.RemoveAt(worst);
            }
            double total = 0;
            for (int j = 0; j < active.Count; j++) total += coefficients[j + 1];
            if (!(total > 0))
            {
                warnings?.Add("no coefficient came out positive: the labels do not follow the credits; the default weights stay");
                return new OneFit(options.Baseline, false, none);
            }
            var next = new double[CouplingSignals.Count];
            for (int j = 0; j < active.Count; j++) next[(int)active[j]] = coefficients[j + 1] / total;
            bool settled = true;
            for (int s = 0; s < next.Length; s++) settled &= Math.Abs(next[s] - weights[s]) < 1e-9;
            weights = next;
            if (settled) break;
        }
        var byName = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["intercept"] = Math.Round(coefficients[0], 6) };
        for (int j = 0; j < active.Count; j++) byName[CouplingSignals.Name(active[j])] = Math.Round(coefficients[j + 1], 6);
        return new OneFit(SignalWeights.FromValues(weights.Select(w => Math.Round(w, 6)).ToArray()), true, byName);
    }

    /// <summary>
    /// The credits as a full matrix: an absent credit takes the member's weighted mean of its present credits under
    /// <paramref name="weights"/> (plain mean when those weigh nothing), which is what renormalising the weights does.
    /// </summary>
    private static double[][] Impute(List<LabelledCredits> samples, double[] weights)
    {
        var x = new double[samples.Count][];
        for (int i = 0; i < samples.Count; i++)
        {
            var c = samples[i].Credits;
            double weighted = 0, total = 0, plain = 0;
            int present = 0;
            foreach (var s in CouplingSignals.All)
                if (c[s] is double v)
                {
                    weighted += weights[(int)s] * v;
                    total += weights[(int)s];
                    plain += v;
                    present++;
                }
            double fill = total > 0 ? weighted / total : plain / present;
            x[i] = CouplingSignals.All.Select(s => c[s] ?? fill).ToArray();
        }
        return x;
    }

    /// <summary>
    /// L2-penalised logistic regression of <paramref name="y"/> on the <paramref name="active"/> columns of
    /// <paramref name="x"/>, by Newton's method with step halving; returns the intercept then one coefficient per active signal.
    /// </summary>
    private static double[] Logistic(double[][] x, double[] y, List<CouplingSignal> active, double l2)
    {
        int p = active.Count + 1, n = y.Length;
        var theta = Vector<double>.Build.Dense(p);
        var row = new double[p];
        double Objective(Vector<double> t)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double eta = Eta(x[i], t);
                // log σ(η) and log(1 − σ(η)), without overflow.
                sum += y[i] * -Softplus(-eta) + (1 - y[i]) * -Softplus(eta);
            }
            for (int j = 1; j < p; j++) sum -= l2 / 2 * t[j] * t[j];
            return sum;
        }
        double Eta(double[] xi, Vector<double> t)
        {
            double eta = t[0];
            for (int j = 1; j < p; j++) eta += t[j] * xi[(int)active[j - 1]];
            return eta;
        }
        double objective = Objective(theta);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            var gradient = Vector<double>.Build.Dense(p);
            var hessian = Matrix<double>.Build.Dense(p, p);
            for (int i = 0; i < n; i++)
            {
                row[0] = 1;
                for (int j = 1; j < p; j++) row[j] = x[i][(int)active[j - 1]];
                double prob = 1 / (1 + Math.Exp(-Eta(x[i], theta)));
                double w = prob * (1 - prob), r = y[i] - prob;
                for (int a = 0; a < p; a++)
                {
                    gradient[a] += r * row[a];
                    for (int b = 0; b <= a; b++) hessian[a, b] += w * row[a] * row[b];
                }
            }
            for (int a = 0; a < p; a++)
                for (int b = a + 1; b < p; b++) hessian[a, b] = hessian[b, a];
            for (int j = 1; j < p; j++)
            {
                gradient[j] -= l2 * theta[j];
                hessian[j, j] += l2;
            }
            hessian[0, 0] += 1e-9; // the intercept is unpenalised: keeps the matrix invertible when every label is predicted perfectly
            var step = hessian.Cholesky().Solve(gradient);
            // Newton's step on a concave objective; halved while it overshoots.
            double scale = 1, next = double.NegativeInfinity;
            Vector<double> candidate = theta;
            for (int half = 0; half < 40; half++)
            {
                candidate = theta + step * scale;
                next = Objective(candidate);
                if (next >= objective - 1e-12) break;
                scale /= 2;
            }
            theta = candidate;
            double change = (step * scale).AbsoluteMaximum();
            objective = next;
            if (change < 1e-10) break;
        }
        return theta.ToArray();
    }

    private static double Softplus(double z) => z > 0 ? z + double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z));

    /// <summary>
    /// The cross-validation fold of a group: a stable hash of its id (FNV-1a over its UTF-16 code units, then mixed),
    /// so a group falls in the same fold on every run, machine and .NET version.
    /// </summary>
    internal static int FoldOf(string groupId, int folds) => (int)(StableHash(groupId) % (ulong)folds);

    /// <summary>A hash of <paramref name="text"/> that does not change between processes (unlike <see cref="string.GetHashCode()"/>).</summary>
    internal static ulong StableHash(string text) => Internals.StableHash.OfText(text);

    /// <summary>The columns of a labels file, <c>group_id,msisdn,label</c> (the number column may be named number or member).</summary>
    public static class LabelsFile
    {
        /// <summary>The group's id.</summary>
        public static readonly CsvColumn GroupId = new("group_id");

        /// <summary>The member's number.</summary>
        public static readonly CsvColumn Msisdn = new("msisdn", true, "number", "member");

        /// <summary>genuine or fake.</summary>
        public static readonly CsvColumn Label = new("label");

        /// <summary>The file's columns in the order written.</summary>
        public static readonly CsvContract Contract = new("labels", GroupId, Msisdn, Label);
    }

    /// <summary>
    /// Reads account managers' labels, <c>group_id,msisdn,label</c> with label <c>genuine</c> or <c>fake</c> (header
    /// required, any column order, other columns ignored), checking every line against <paramref name="roster"/>.
    /// A bad label, a number that is not on that group's roster, or a line labelling a member twice is a
    /// <see cref="DataException"/> naming the line.
    /// </summary>
    public static IReadOnlyList<MemberLabel> ReadLabels(TextReader reader, string sourceName, Roster roster)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(roster);
        var labels = new List<MemberLabel>();
        var seen = new Dictionary<(string, PhoneNumber), int>();
        using var file = LabelsFile.Contract.Read(reader, sourceName);
        int columns = Math.Max(file.ColumnOf(LabelsFile.GroupId), Math.Max(file.ColumnOf(LabelsFile.Msisdn), file.ColumnOf(LabelsFile.Label)));
        while (file.Next())
        {
            int line = checked((int)file.Line);
            if (file.FieldCount < columns) throw file.Error(0, $"expected at least {columns} fields");
            string group = file.Text(LabelsFile.GroupId).Trim(), raw = file.Text(LabelsFile.Msisdn).Trim(), label = file.Text(LabelsFile.Label).Trim().ToLowerInvariant();
            bool isFake = label switch
            {
                "fake" => true,
                "genuine" => false,
                _ => throw file.Error(LabelsFile.Label, $"label '{file.Text(LabelsFile.Label)}' must be genuine or fake"),
            };
            if (!NumberNormalizer.TryNormalize(raw.AsSpan(), out var number, out var error))
                throw file.Error(LabelsFile.Msisdn, $"'{raw}' is not a phone number ({error})");
            if (!roster.GroupById.TryGetValue(group, out var rosterGroup))
                throw file.Error(LabelsFile.GroupId, $"group '{group}' is on no roster");
            if (roster.EntryOf(number, rosterGroup.Index) < 0)
                throw file.Error(LabelsFile.Msisdn, $"{raw} is not on group {group}'s roster");
            if (seen.TryGetValue((group, number), out int first))
                throw file.Error(0, $"{group},{raw} is labelled twice (first on line {first})");
            seen[(group, number)] = line;
            labels.Add(new MemberLabel(group, number, isFake));
        }
        return labels;
    }

    /// <summary>Writes weights.json: the weights by signal name, the labels used, the cross-validated AUCs, the fit and its warnings.</summary>
    public static string ToJson(WeightFitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("weights");
            foreach (var s in CouplingSignals.All) w.WriteNumber(CouplingSignals.Name(s), result.Weights[s]);
            w.WriteEndObject();
            w.WriteBoolean("fitted", result.Fitted);
            w.WriteNumber("n", result.N);
            w.WriteNumber("n_genuine", result.Genuine);
            w.WriteNumber("n_fake", result.Fake);
            WriteNumber(w, "cv_auc_fitted", result.CvAucFitted);
            WriteNumber(w, "cv_auc_default", result.CvAucDefault);
            w.WriteNumber("folds", result.Folds);
            w.WriteNumber("l2", result.L2);
            w.WriteStartObject("coefficients");
            foreach (var (name, value) in result.Coefficients.OrderBy(c => c.Key, StringComparer.Ordinal)) w.WriteNumber(name, value);
            w.WriteEndObject();
            w.WriteStartArray("warnings");
            foreach (string warning in result.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>
    /// Reads weights.json (or any JSON object with a <c>weights</c> object of signal names to numbers; a signal it does
    /// not name weighs 0). The weights must be finite, non-negative, at least one positive, and name only known
    /// signals; anything else is a <see cref="DataException"/> naming <paramref name="sourceName"/>.
    /// </summary>
    public static WeightFitResult FromJson(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new DataException(sourceName, (ex.LineNumber ?? -1) + 1, 0, "not a weights file: " + ex.Message, ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new DataException(sourceName, 0, 0, "not a weights file: expected a JSON object");
            if (!root.TryGetProperty("weights", out var weightsElement) || weightsElement.ValueKind != JsonValueKind.Object)
                throw new DataException(sourceName, 0, 0, "not a weights file: no \"weights\" object");
            var values = new double[CouplingSignals.Count];
            var named = new HashSet<CouplingSignal>();
            foreach (var p in weightsElement.EnumerateObject())
            {
                if (!CouplingSignals.TryParse(p.Name, out var signal))
                    throw new DataException(sourceName, 0, 0, $"unknown signal '{p.Name}' in weights (known: {string.Join(", ", CouplingSignals.All.Select(CouplingSignals.Name))})");
                if (!named.Add(signal)) throw new DataException(sourceName, 0, 0, $"weight of {CouplingSignals.Name(signal)} is given twice");
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out double v) || !double.IsFinite(v))
                    throw new DataException(sourceName, 0, 0, $"weight of {CouplingSignals.Name(signal)} is not a finite number");
                values[(int)signal] = v;
            }
            var weights = SignalWeights.FromValues(values);
            if (weights.Problem() is { } problem) throw new DataException(sourceName, 0, 0, problem);

            var coefficients = new SortedDictionary<string, double>(StringComparer.Ordinal);
            if (root.TryGetProperty("coefficients", out var c) && c.ValueKind == JsonValueKind.Object)
                foreach (var p in c.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.Number) coefficients[p.Name] = p.Value.GetDouble();
            var warnings = new List<string>();
            if (root.TryGetProperty("warnings", out var ws) && ws.ValueKind == JsonValueKind.Array)
                foreach (var e in ws.EnumerateArray())
                    if (e.ValueKind == JsonValueKind.String) warnings.Add(e.GetString()!);
            return new WeightFitResult(weights, Bool(root, "fitted") ?? true, Int(root, "n_genuine"), Int(root, "n_fake"),
                Number(root, "cv_auc_fitted"), Number(root, "cv_auc_default"), Int(root, "folds"), warnings)
            {
                Coefficients = coefficients,
                L2 = Number(root, "l2") ?? 0,
            };
        }

        static bool? Bool(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : 0;
        static double? Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
    }
}
