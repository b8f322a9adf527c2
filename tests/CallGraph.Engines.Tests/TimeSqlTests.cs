using System.Globalization;
using CallGraph.Ingest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Engines.Tests;

/// <summary>The SQL start-time parse against .NET's calendar: a compact time is valid exactly when it is a real date and time.</summary>
public sealed class TimeSqlTests : IDisposable
{
    // Every year is plausible here, so only the calendar decides.
    private readonly SqlParseHarness _harness = new(new CdrReaderOptions { EarliestYear = 1, LatestYear = 9999 });

    public void Dispose() => _harness.Dispose();

    private static Gen<string> Two(int max) => Gen.Choose(0, max).Select(v => v.ToString("00", CultureInfo.InvariantCulture));

    /// <summary>Compact times with every part a little past its range now and then (month 13, day 31 of a 30-day month, 29 February).</summary>
    private static Gen<string> CompactTimes =>
        from year in Gen.Elements(1, 4, 100, 1900, 1999, 2000, 2024, 2026, 2100, 2400, 9999)
        from month in Two(13)
        from day in Two(32)
        from hour in Two(24)
        from minute in Two(60)
        from second in Two(60)
        select year.ToString("0000", CultureInfo.InvariantCulture) + month + day + hour + minute + second;

    [Property(MaxTest = 300)]
    public Property Compact_times_are_valid_exactly_when_they_are_real_dates() =>
        Prop.ForAll(CompactTimes.ToArbitrary(), text =>
        {
            var actual = _harness.Parse("13800138000", text);
            if (DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                Assert.Null(actual.Reason);
                Assert.Equal(CdrClock.FromDateTime(time), actual.Start);
            }
            else Assert.Equal("bad_time", actual.Reason);
        });

    [Theory]
    [InlineData("2026-06-01T08:15:00", "2026-06-01 08:15:00")]
    [InlineData("2026-06-01 08:15", "2026-06-01 08:15:00")]
    [InlineData("2026-06-01T08:15Z", "2026-06-01 08:15:00")]
    [InlineData("2026-06-01T08:15:07.125Z", "2026-06-01 08:15:07")]
    [InlineData(" 20260601081507\t", "2026-06-01 08:15:07")]
    public void Iso_and_compact_forms_the_reader_takes_are_read(string text, string expected)
    {
        var actual = _harness.Parse("13800138000", text);
        Assert.Null(actual.Reason);
        Assert.Equal(CdrClock.FromDateTime(DateTime.ParseExact(expected, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), actual.Start);
    }

    [Theory]
    [InlineData("2026-06-01T08:15:00.")]
    [InlineData("2026-06-01T8:15:00")]
    [InlineData("2026-06-01")]
    [InlineData("2026/06/01 08:15:00")]
    [InlineData("202606010815")]
    [InlineData("2026-06-01T08:15:00+08:00")]
    public void Other_forms_are_bad_times(string text) => Assert.Equal("bad_time", _harness.Parse("13800138000", text).Reason);

    [Fact]
    public void Plausible_years_reject_as_implausible_time()
    {
        using var harness = new SqlParseHarness(new CdrReaderOptions { EarliestYear = 2000, LatestYear = 2030 });
        Assert.Equal("implausible_time", harness.Parse("13800138000", "19991231235959").Reason);
        Assert.Null(harness.Parse("13800138000", "20000101000000").Reason);
        Assert.Null(harness.Parse("13800138000", "20301231235959").Reason);
        Assert.Equal("implausible_time", harness.Parse("13800138000", "20310101000000").Reason);
    }
}
