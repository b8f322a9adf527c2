using System.Globalization;
using CallGraph.Output;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Output;

public class CsvNumberTests
{
    private static string Format(double value)
    {
        Span<char> buffer = stackalloc char[64];
        return CsvRowWriter.TryFormatFourDecimals(value, buffer, out int n) ? new string(buffer[..n]) : value.ToString("0.####", CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.1235)]
    [InlineData(-0.5)]
    [InlineData(0.00005)]
    [InlineData(-0.00004)]
    [InlineData(123456789.9999)]
    [InlineData(1e12)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Four_decimal_shortcut_writes_what_the_format_writes(double value) =>
        Assert.Equal(value.ToString("0.####", CultureInfo.InvariantCulture), Format(value));

    [Fact]
    public void Negative_zero_is_left_to_the_format() =>
        Assert.Equal((-0.0).ToString("0.####", CultureInfo.InvariantCulture), Format(-0.0));

    [Property]
    public Property Four_decimal_shortcut_agrees_on_rounded_and_unrounded_values() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var rng = new Random(seed);
            for (int i = 0; i < 2000; i++)
            {
                double raw = (rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-6, 11));
                double value = rng.Next(3) switch { 0 => raw, 1 => Math.Round(raw, 4), _ => Math.Round(raw, rng.Next(0, 6)) };
                if (Format(value) != value.ToString("0.####", CultureInfo.InvariantCulture)) return false;
            }
            return true;
        });
}
