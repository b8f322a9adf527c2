using System.Globalization;
using CallGraph.Analysis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Analysis;

/// <summary>The reason-text buffer writes what invariant-culture interpolation writes.</summary>
public class ReasonTextTests
{
    private static string Percent(ReasonText text, double value) => text.Clear().Append($"{value:0%}").ToString();

    private static string TwoDecimals(ReasonText text, double value) => text.Clear().Append($"{value:0.00}").ToString();

    private static bool SameAsFormat(ReasonText text, double value) =>
        Percent(text, value) == value.ToString("0%", CultureInfo.InvariantCulture)
        && TwoDecimals(text, value) == value.ToString("0.00", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.005)]
    [InlineData(0.125)]
    [InlineData(0.995)]
    [InlineData(1.0 / 3)]
    [InlineData(2.0 / 3)]
    [InlineData(1 - 0.335)]
    [InlineData(-0.004)]
    [InlineData(-0.5)]
    [InlineData(999_999.995)]
    [InlineData(1e6)]
    [InlineData(1e300)]
    [InlineData(double.Epsilon)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Shares_are_written_as_the_format_writes_them(double value) => Assert.True(SameAsFormat(new ReasonText(), value));

    [Fact]
    public void Negative_zero_is_left_to_the_format() => Assert.True(SameAsFormat(new ReasonText(), -0.0));

    [Fact]
    public void Every_millionth_up_to_one_is_written_as_the_format_writes_it()
    {
        var text = new ReasonText();
        for (int k = 0; k <= 1_000_000; k++)
            if (!SameAsFormat(text, k / 1e6)) Assert.Fail($"{k} / 10^6");
    }

    [Property]
    public Property Ratios_rounded_and_raw_values_are_written_as_the_format_writes_them() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var rng = new Random(seed);
            var text = new ReasonText();
            for (int i = 0; i < 2000; i++)
            {
                int whole = rng.Next(1, 2000);
                double ratio = (double)rng.Next(0, whole + 1) / whole;
                double value = rng.Next(6) switch
                {
                    0 => ratio,
                    1 => Math.Round(ratio, 4),
                    2 => (Math.Round(ratio, 4) + Math.Round(rng.NextDouble(), 4)) / 2, // a median of two
                    3 => 1 - Math.Round(ratio, 4),
                    4 => (rng.Next(0, 2000) + 0.5) / 100 + rng.Next(-2, 3) * 1e-15, // at or next to a tie
                    _ => (rng.NextDouble() - 0.1) * Math.Pow(10, rng.Next(-8, 8)),
                };
                if (!SameAsFormat(text, value)) return false;
            }
            return true;
        });

    [Fact]
    public void Interpolated_appends_write_what_string_interpolation_writes()
    {
        var text = new ReasonText();
        int n = -42;
        double share = 0.6667, median = 0.59235;
        string expected = string.Create(CultureInfo.InvariantCulture, $"talks to {n} of {int.MaxValue} ({int.MinValue}, {0}); {share:0%} (median {median:0%}); similarity {share:0.00} ({median:0.000})");
        text.Clear().Append($"talks to {n} of {int.MaxValue} ({int.MinValue}, {0}); {share:0%} (median {median:0%})").Append($"; similarity {share:0.00} ({median:0.000})");
        Assert.Equal(expected, text.ToString());
        string longer = new('x', 1000);
        Assert.Equal(longer + "1%", text.Clear().Append(longer).Append($"{0.01:0%}").ToString());
    }
}
