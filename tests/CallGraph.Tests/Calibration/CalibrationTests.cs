using CallGraph.Calibration;

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
        Assert.Equal("survey.csv:3:2: competitor_members 'lots' is not a non-negative number", ex.Message);
    }
}
