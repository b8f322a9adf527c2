using CallGraph.Csv;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallGraph.Ingest;
using CallGraph.Numbers;
using MathNet.Numerics.Distributions;

namespace CallGraph.Calibration;

/// <summary>One surveyed group: the account manager's headcount of its people on competitor networks.</summary>
/// <param name="GroupId">Group key.</param>
/// <param name="CompetitorMembers">Surveyed headcount.</param>
public sealed record SurveyRow(string GroupId, double CompetitorMembers);

/// <summary>A surveyed group's fit.</summary>
/// <param name="GroupId">Group key.</param>
/// <param name="Mined">Data-mined count of off-net numbers that look like the group's own people.</param>
/// <param name="Surveyed">Surveyed headcount.</param>
/// <param name="Fitted">Mined × coefficient.</param>
/// <param name="Residual">Surveyed − fitted.</param>
public sealed record CalibrationResidual(
    [property: JsonPropertyName("group_id")] string GroupId,
    [property: JsonPropertyName("mined")] double Mined,
    [property: JsonPropertyName("surveyed")] double Surveyed,
    [property: JsonPropertyName("fitted")] double Fitted,
    [property: JsonPropertyName("residual")] double Residual);

/// <summary>The fitted correction coefficient with its uncertainty.</summary>
/// <param name="Coefficient">k in surveyed ≈ k × mined (least squares through the origin).</param>
/// <param name="N">Surveyed groups used.</param>
/// <param name="RSquared">1 − SSres/SStot of the fit.</param>
/// <param name="Low95">Lower end of the 95% confidence interval of k.</param>
/// <param name="High95">Upper end.</param>
/// <param name="Residuals">Per surveyed group, sorted by group id.</param>
/// <param name="Warnings">Problems with the fit (too few groups, groups not found…).</param>
public sealed record CalibrationResult(
    [property: JsonPropertyName("coefficient")] double Coefficient,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("r_squared")] double RSquared,
    [property: JsonPropertyName("ci95_low")] double Low95,
    [property: JsonPropertyName("ci95_high")] double High95,
    [property: JsonPropertyName("residuals")] IReadOnlyList<CalibrationResidual> Residuals,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings)
{
    /// <summary>Spread of the estimate beyond counting noise, from the residuals (see <see cref="Analysis.CircleOptions.EstimateSpread"/>).</summary>
    [JsonPropertyName("estimate_spread")]
    public double EstimateSpread { get; init; }
}

/// <summary>
/// Fits the correction coefficient that turns the data-mined count of a group's competitor-network
/// people into the surveyed headcount: surveyed ≈ k × mined, least squares through the origin.
/// </summary>
public static class CoefficientCalibration
{
    /// <summary>Fewer surveyed groups than this makes the fit warn.</summary>
    public const int MinimumGroups = 5;

    /// <summary>Fits k from (group, mined, surveyed) triples.</summary>
    public static CalibrationResult Fit(IEnumerable<(string GroupId, double Mined, double Surveyed)> observations, IEnumerable<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var obs = observations.OrderBy(o => o.GroupId, StringComparer.Ordinal).ToArray();
        var notes = new List<string>(warnings ?? Array.Empty<string>());
        int n = obs.Length;
        double sxx = obs.Sum(o => o.Mined * o.Mined);
        if (n == 0 || sxx == 0)
        {
            notes.Add("no surveyed group has any mined competitor members: coefficient left at 1");
            return new CalibrationResult(1, n, 0, double.NaN, double.NaN, Array.Empty<CalibrationResidual>(), notes);
        }
        double k = obs.Sum(o => o.Mined * o.Surveyed) / sxx; // least squares through the origin, defined from one group on
        var residuals = obs.Select(o => new CalibrationResidual(o.GroupId, o.Mined, o.Surveyed, Math.Round(k * o.Mined, 4), Math.Round(o.Surveyed - k * o.Mined, 4))).ToArray();
        double ssRes = residuals.Sum(r => r.Residual * r.Residual);
        double mean = obs.Average(o => o.Surveyed);
        double ssTot = obs.Sum(o => (o.Surveyed - mean) * (o.Surveyed - mean));
        double r2 = ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - ssRes / ssTot;
        double low = double.NaN, high = double.NaN;
        if (n >= 2)
        {
            double se = Math.Sqrt(ssRes / (n - 1) / sxx);
            double t = StudentT.InvCDF(0, 1, n - 1, 0.975);
            low = k - t * se;
            high = k + t * se;
        }
        if (n < 2) notes.Add("one surveyed group: the 95% interval of the coefficient is undefined");
        if (n < MinimumGroups) notes.Add($"only {n} surveyed groups: the coefficient is unreliable below {MinimumGroups}");
        double spread = Spread(obs, k);
        notes.AddRange(FitWarnings(k, r2, spread, n, obs.Select(o => (o.GroupId, LogRatio(o.Surveyed, k * o.Mined)))));
        return new CalibrationResult(Math.Round(k, 6), n, Math.Round(r2, 6), Math.Round(low, 6), Math.Round(high, 6), residuals, notes)
        {
            EstimateSpread = Math.Round(spread, 6),
        };
    }

    /// <summary>R² below this says the one-coefficient model explains the surveyed counts poorly.</summary>
    public const double PoorFitRSquared = 0.5;

    /// <summary>A coefficient outside [1 / this, this] says the mined count is systematically off by that factor.</summary>
    public const double FarCoefficient = 2;

    /// <summary>log((true + 1) / (estimated + 1)): the error of an estimate on the scale the share interval uses.</summary>
    private static double LogRatio(double surveyed, double fitted) => Math.Log((surveyed + 1) / (Math.Max(0, fitted) + 1));

    /// <summary>
    /// The spread of the estimate beyond counting noise: the standard deviation of the surveyed groups' log ratios,
    /// less the Poisson part 1/(mined + 1) that the interval adds per group (0 with fewer than 2 groups).
    /// </summary>
    private static double Spread((string GroupId, double Mined, double Surveyed)[] obs, double k)
    {
        if (obs.Length < 2) return 0;
        double sum = 0, counting = 0;
        foreach (var o in obs)
        {
            double r = LogRatio(o.Surveyed, k * o.Mined);
            sum += r * r;
            counting += 1 / (o.Mined + 1);
        }
        return Math.Sqrt(Math.Max(0, sum / (obs.Length - 1) - counting / obs.Length));
    }

    /// <summary>What the fit says about itself, each with what the user can do about it.</summary>
    private static IEnumerable<string> FitWarnings(double k, double r2, double spread, int n, IEnumerable<(string GroupId, double LogRatio)> residuals)
    {
        if (n >= 2 && r2 < PoorFitRSquared)
            yield return $"the one-coefficient model explains the surveyed counts poorly (R² {r2:0.00}): shares carry wide intervals; survey more groups, or check that the surveyed groups are like the rest";
        if (k > FarCoefficient || k < 1 / FarCoefficient)
            yield return $"the coefficient {k:0.00} is far from 1: the data show {(k > 1 ? "fewer" : "more")} of the groups' people on other networks than the survey; check the operator table (--prefixes, --ported) and whether the dump holds only calls with an on-net party";
        if (n >= MinimumGroups)
            foreach (var (group, r) in residuals)
                if (Math.Abs(r) > 3 * Math.Max(spread, 0.25))
                    yield return $"surveyed group {group} is far off the fit (true/estimated {Math.Exp(r):0.00}×): check its survey figure and its roster";
    }

    /// <summary>
    /// Fits k on the surveyed groups of an analysis: mined = each group's mined competitor members
    /// divided by its detection rate.
    /// Surveyed groups missing from the roster or too small to score are left out with a warning.
    /// </summary>
    public static CalibrationResult Fit(Analysis.AnalysisResult result, IEnumerable<SurveyRow> survey)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(survey);
        var groups = result.Groups.ToDictionary(g => g.GroupId, StringComparer.Ordinal);
        var warnings = new List<string>();
        var obs = new List<(string, double, double)>();
        foreach (var row in survey)
        {
            if (!groups.TryGetValue(row.GroupId, out var g)) warnings.Add($"surveyed group {row.GroupId} is not on any roster: left out");
            else if (!g.Scored) warnings.Add($"surveyed group {row.GroupId} is too small to score: left out");
            else obs.Add((row.GroupId, Math.Round(Analysis.GroupAnalyzer.DetectionAdjusted(g), 4), row.CompetitorMembers));
        }
        return Fit(obs, warnings);
    }

    /// <summary>The columns of a survey file, <c>group_id,competitor_members</c>.</summary>
    public static class SurveyFile
    {
        /// <summary>The file's columns, each named as its header.</summary>
        public static readonly CsvColumn GroupId = new("group_id"), CompetitorMembers = new("competitor_members");

        /// <summary>The file's columns in the order written.</summary>
        public static readonly CsvContract Contract = new("survey", GroupId, CompetitorMembers);
    }

    /// <summary>Largest accepted surveyed headcount of one group.</summary>
    public const double MaxSurveyedMembers = 10_000_000;

    /// <summary>
    /// Reads <c>group_id,competitor_members</c>. A headcount must be a finite number from 0 to
    /// <see cref="MaxSurveyedMembers"/>, a group id must not be empty and a group may be surveyed once:
    /// anything else is a <see cref="DataException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<SurveyRow> ReadSurvey(TextReader reader, string sourceName)
    {
        var rows = new List<SurveyRow>();
        var lineOf = new Dictionary<string, long>(StringComparer.Ordinal);
        using var file = SurveyFile.Contract.Read(reader, sourceName);
        while (file.Next())
        {
            long line = file.Line;
            string count = file.Text(SurveyFile.CompetitorMembers);
            if (!double.TryParse(count, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= 0 && v <= MaxSurveyedMembers))
                throw file.Error(SurveyFile.CompetitorMembers, $"competitor_members '{count}' is not a number from 0 to {MaxSurveyedMembers:0}");
            string id = file.Text(SurveyFile.GroupId).Trim();
            if (id.Length == 0) throw file.Error(SurveyFile.GroupId, "group_id is empty");
            if (lineOf.TryGetValue(id, out long first))
                throw file.Error(SurveyFile.GroupId, $"group {id} is surveyed twice (lines {first} and {line})");
            lineOf[id] = line;
            rows.Add(new SurveyRow(id, v));
        }
        return rows;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Writes calibration.json.</summary>
    /// <remarks>
    /// The text the serializer writes with the options <see cref="FromJson"/> reads with, written field by field:
    /// the serializer's first use (building its metadata, compiling its generic code) took tens of milliseconds.
    /// </remarks>
    public static string ToJson(CalibrationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteNumber(w, "coefficient", result.Coefficient);
            w.WriteNumber("n", result.N);
            WriteNumber(w, "r_squared", result.RSquared);
            WriteNumber(w, "ci95_low", result.Low95);
            WriteNumber(w, "ci95_high", result.High95);
            if (result.Residuals is null) w.WriteNull("residuals");
            else
            {
                w.WriteStartArray("residuals");
                foreach (var r in result.Residuals)
                {
                    if (r is null)
                    {
                        w.WriteNullValue();
                        continue;
                    }
                    w.WriteStartObject();
                    w.WriteString("group_id", r.GroupId);
                    WriteNumber(w, "mined", r.Mined);
                    WriteNumber(w, "surveyed", r.Surveyed);
                    WriteNumber(w, "fitted", r.Fitted);
                    WriteNumber(w, "residual", r.Residual);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (result.Warnings is null) w.WriteNull("warnings");
            else
            {
                w.WriteStartArray("warnings");
                foreach (string warning in result.Warnings) w.WriteStringValue(warning);
                w.WriteEndArray();
            }
            WriteNumber(w, "estimate_spread", result.EstimateSpread);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    // An undefined value (NaN, e.g. the interval of a one-group fit) or an infinity is written as null, which FromJson reads back as NaN.
    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    /// <summary>
    /// Reads calibration.json. Its <c>coefficient</c> must be present and a number from 0 to
    /// <see cref="Analysis.CircleOptions.MaxCoefficient"/>; a null number field (an undefined interval) reads as NaN.
    /// </summary>
    /// <exception cref="DataException">Not a calibration file, or its coefficient is missing or out of range.</exception>
    public static CalibrationResult FromJson(string json, string sourceName)
    {
        try
        {
            using (var doc = JsonDocument.Parse(json))
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new DataException(sourceName, 1, 0, "not a calibration file: not a JSON object");
                if (!doc.RootElement.TryGetProperty("coefficient", out var k)) throw new DataException(sourceName, 1, 0, "calibration file has no coefficient");
                if (k.ValueKind != JsonValueKind.Number || !k.TryGetDouble(out double value) || !(value >= 0 && value <= Analysis.CircleOptions.MaxCoefficient))
                    throw new DataException(sourceName, 1, 0, $"coefficient {Truncate(k.GetRawText())} is not a number from 0 to {Analysis.CircleOptions.MaxCoefficient}");
            }
            return JsonSerializer.Deserialize(json, CalibrationJson.Default.CalibrationResult) ?? throw new DataException(sourceName, 0, 0, "empty calibration file");
        }
        catch (JsonException ex)
        {
            throw new DataException(sourceName, (ex.LineNumber ?? -1) + 1, 0, "not a calibration file: " + ex.Message, ex);
        }
    }
}

/// <summary>
/// calibration.json's serializer, generated at build time: the reflection-based one spent tens of
/// milliseconds of every run building its converters.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = [typeof(NullAsNaNConverter)])]
[JsonSerializable(typeof(CalibrationResult))]
internal sealed partial class CalibrationJson : JsonSerializerContext;

/// <summary>Reads a null number as NaN (calibration.json writes an undefined value as null) and writes NaN and the infinities as null.</summary>
internal sealed class NullAsNaNConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => double.NaN,
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
        _ => throw new JsonException("expected a number"),
    };

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
