using System.Text.Json;
using System.Text.Json.Serialization;
using CallGraph.Calibration;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Calibration;

public class CalibrationTests
{
    [Fact]
    public void Recovers_a_known_coefficient_from_noisy_surveys()
    {
        var rng = new Random(3);
        const double k = 1.37;
        var obs = Enumerable.Range(0, 40).Select(i =>
        {
            double mined = rng.Next(1, 60);
            return ($"G{i:000}", mined, k * mined + (rng.NextDouble() - 0.5) * 2);
        }).ToList();
        var fit = CoefficientCalibration.Fit(obs);
        Assert.Equal(40, fit.N);
        Assert.InRange(fit.Coefficient, 1.35, 1.39);
        Assert.True(fit.Low95 < k && k < fit.High95);
        Assert.True(fit.RSquared > 0.99);
        Assert.Empty(fit.Warnings);
        Assert.Equal(40, fit.Residuals.Count);
    }

    [Fact]
    public void Exact_data_gives_the_exact_coefficient_and_few_groups_warn()
    {
        var fit = CoefficientCalibration.Fit(new[] { ("a", 2.0, 5.0), ("b", 4.0, 10.0) });
        Assert.Equal(2.5, fit.Coefficient, 6);
        Assert.Equal(1.0, fit.RSquared, 6);
        Assert.Contains(fit.Warnings, w => w.Contains("only 2 surveyed groups"));
        var back = CoefficientCalibration.FromJson(CoefficientCalibration.ToJson(fit), "calibration.json");
        Assert.Equal(fit.Coefficient, back.Coefficient);
    }

    [Fact]
    public void Survey_errors_name_the_line_and_column()
    {
        var ex = Assert.Throws<CallGraph.Ingest.DataException>(() =>
            CoefficientCalibration.ReadSurvey(new StringReader("group_id,competitor_members\nG1,3\nG2,lots\n"), "survey.csv"));
        Assert.Equal("survey.csv:3:2: competitor_members 'lots' is not a number from 0 to 10000000", ex.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e308")]
    [InlineData("-1")]
    [InlineData("10000001")]
    public void Survey_values_that_are_no_headcount_are_refused_naming_file_and_line(string value)
    {
        var ex = Assert.Throws<CallGraph.Ingest.DataException>(() =>
            CoefficientCalibration.ReadSurvey(new StringReader($"group_id,competitor_members\nG1,3\nG2,{value}\n"), "survey.csv"));
        Assert.StartsWith("survey.csv:3:2: ", ex.Message);
    }

    [Fact]
    public void A_group_surveyed_twice_is_refused_naming_both_lines()
    {
        var ex = Assert.Throws<CallGraph.Ingest.DataException>(() =>
            CoefficientCalibration.ReadSurvey(new StringReader("group_id,competitor_members\nG1,3\nG2,4\nG1,5\n"), "survey.csv"));
        Assert.Contains("lines 2 and 4", ex.Message);
        Assert.StartsWith("survey.csv:4:", ex.Message);
    }

    [Fact]
    public void One_surveyed_group_fits_through_the_origin_with_an_undefined_interval()
    {
        var fit = CoefficientCalibration.Fit(new[] { ("G1", 4.0, 6.0) });
        Assert.Equal(1.5, fit.Coefficient);
        Assert.True(double.IsNaN(fit.Low95) && double.IsNaN(fit.High95));
        Assert.Contains(fit.Warnings, w => w.Contains("interval of the coefficient is undefined"));
        string json = CoefficientCalibration.ToJson(fit);
        Assert.DoesNotContain("NaN", json);
        Assert.Contains("\"ci95_low\": null", json);
        var back = CoefficientCalibration.FromJson(json, "calibration.json");
        Assert.Equal(1.5, back.Coefficient);
        Assert.True(double.IsNaN(back.Low95) && double.IsNaN(back.High95));
    }

    [Theory]
    [InlineData("{\"coefficient\":\"NaN\"}")]
    [InlineData("{\"coefficient\":\"Infinity\"}")]
    [InlineData("{\"coefficient\":1e308}")]
    [InlineData("{\"coefficient\":-5}")]
    [InlineData("{\"coefficient\":null}")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"coefficient\":1001}")]
    public void A_calibration_file_without_a_usable_coefficient_is_refused(string json) =>
        Assert.StartsWith("calibration.json:", Assert.Throws<CallGraph.Ingest.DataException>(() => CoefficientCalibration.FromJson(json, "calibration.json")).Message);

    internal static Gen<double> Doubles() => Gen.OneOf(
        Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, double.MaxValue, 1e-7, 0.1 + 0.2),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 10_000.0),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) | (uint)t.Item2)));

    internal static Gen<string> Texts() =>
        Gen.Elements("", "G1", "组1", "a\"b", "<&>'+", "tab\tnew\nline", "\u0001", "😀", "\uD800", "too few: 2 < 5")
            .ArrayOf().Select(parts => string.Concat(parts));

    [Property]
    public Property Calibration_json_is_the_text_the_reflection_serializer_writes()
    {
        var reflection = new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = { new NullAsNaNConverter() } };
        var texts = Gen.Frequency((9, Texts().Select(t => (string?)t)), (1, Gen.Constant<string?>(null)));
        var residual = from g in texts from m in Doubles() from s in Doubles() from f in Doubles() from r in Doubles()
                       select new CalibrationResidual(g!, m, s, f, r);
        var residuals = Gen.Frequency((9, residual), (1, Gen.Constant<CalibrationResidual>(null!))).ArrayOf();
        var results = from k in Doubles() from n in Gen.Choose(int.MinValue, int.MaxValue) from r2 in Doubles() from lo in Doubles() from hi in Doubles()
                      from res in Gen.Frequency((9, residuals), (1, Gen.Constant<CalibrationResidual[]>(null!)))
                      from warnings in Gen.Frequency((9, texts.ArrayOf()), (1, Gen.Constant<string?[]>(null!)))
                      select new CalibrationResult(k, n, r2, lo, hi, res, warnings!);
        return Prop.ForAll(results.ToArbitrary(), result =>
            CoefficientCalibration.ToJson(result) == JsonSerializer.Serialize(result, reflection) + "\n");
    }
}
