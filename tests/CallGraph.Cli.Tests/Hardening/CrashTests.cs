using System.Text.Json;
using static CallGraph.Cli.Tests.Hardening.CliRun;

namespace CallGraph.Cli.Tests.Hardening;

/// <summary>Issue 13's crashes (C1–C8) and bad option values: each ends with exit 1 or 2 and one clear line.</summary>
public sealed class CrashTests(HardeningWorld w) : IClassFixture<HardeningWorld>
{
    private string Survey(string text)
    {
        string path = w.NewPath("survey") + ".csv";
        File.WriteAllText(path, "group_id,competitor_members\n" + text);
        return path;
    }

    [Fact]
    public void C1_a_start_in_year_9999_with_month_periods_is_rejected_as_implausible()
    {
        string world = w.Copy();
        File.AppendAllText(Path.Combine(world, "cdr.csv"), "13410385191,13430917916,99991231235959,10,voice,\n");
        string outDir = w.NewPath("out");
        var r = Run("analyze", "--world", world, "--period", "month", "--out", outDir, "--rejects", w.NewPath("rejects") + ".csv");
        Assert.True(r.Code == 0, r.Err);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("rejects_by_reason").GetProperty("implausible_time").GetInt32());
        // Allowing every year the clock holds still ends cleanly.
        var all = Run("analyze", "--world", world, "--period", "month", "--plausible-years", "1-9999", "--out", w.NewPath("out"));
        Assert.True(all.Code == 0, all.Err);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e308")]
    public void C2_a_survey_value_that_is_no_headcount_exits_1_naming_file_and_line(string value)
    {
        string survey = Survey($"G00001,{value}\nG00002,6\n");
        string line = AssertFails(Run("analyze", "--world", w.World, "--survey", survey, "--out", w.NewPath("out")), 1);
        Assert.Contains(survey + ":2:2", line);
        AssertFails(Run("calibrate", "--world", w.World, "--survey", survey, "--out", w.NewPath("cal") + ".json"), 1);
    }

    [Fact]
    public void W7_a_group_surveyed_twice_exits_1_naming_both_lines()
    {
        string line = AssertFails(Run("analyze", "--world", w.World, "--survey", Survey("G00001,14\nG00002,6\nG00001,3\n"), "--out", w.NewPath("out")), 1);
        Assert.Contains("lines 2 and 4", line);
    }

    [Theory]
    [InlineData("{\"coefficient\":\"NaN\"}")]
    [InlineData("{\"coefficient\":\"Infinity\"}")]
    [InlineData("{\"coefficient\":1e308}")]
    [InlineData("{\"coefficient\":-5}")]
    [InlineData("{}")]
    public void C3_W6_a_calibration_file_without_a_usable_coefficient_exits_1(string json)
    {
        string file = w.NewPath("calibration") + ".json";
        File.WriteAllText(file, json);
        Assert.Contains(file, AssertFails(Run("analyze", "--world", w.World, "--calibration", file, "--out", w.NewPath("out")), 1));
    }

    [Fact]
    public void C3_a_huge_coefficient_option_exits_2() =>
        Assert.Contains("--coefficient", AssertFails(Run("analyze", "--world", w.World, "--coefficient", "1e308", "--out", w.NewPath("out")), 2));

    [Fact]
    public void One_surveyed_group_fits_warns_and_writes_a_calibration_that_reads_back()
    {
        string outDir = w.NewPath("out");
        var r = Run("analyze", "--world", w.World, "--survey", Survey("G00001,14\n"), "--out", outDir);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("interval of the coefficient is undefined", r.Out);
        string json = File.ReadAllText(Path.Combine(outDir, "calibration.json"));
        Assert.DoesNotContain("NaN", json);
        var again = Run("analyze", "--world", w.World, "--calibration", Path.Combine(outDir, "calibration.json"), "--out", w.NewPath("out"));
        Assert.True(again.Code == 0, again.Err);
        string cal = w.NewPath("cal") + ".json";
        var c = Run("calibrate", "--world", w.World, "--survey", Survey("G00001,14\n"), "--out", cal);
        Assert.True(c.Code == 0, c.Err);
        Assert.Contains("CI undefined", c.Out);
    }

    [Fact]
    public void C8_a_huge_thread_count_exits_2_and_leaves_no_folder()
    {
        string outDir = w.NewPath("out");
        Assert.Contains("--threads", AssertFails(Run("analyze", "--world", w.World, "--threads", "100000", "--out", outDir), 2));
        Assert.False(Directory.Exists(outDir));
        Assert.Empty(Directory.GetDirectories(w.Root, ".*"));
    }

    [Theory]
    [InlineData("--genuine-threshold", "NaN")]
    [InlineData("--fake-threshold", "-1")]
    [InlineData("--employee-threshold", "NaN")]
    [InlineData("--employee-threshold", "-1")]
    [InlineData("--min-group-size", "-1")]
    [InlineData("--min-group-size", "0")]
    [InlineData("--min-active-events", "-5")]
    [InlineData("--alert-drop", "NaN")]
    [InlineData("--alert-drop", "-5")]
    [InlineData("--plausible-years", "2100-1990")]
    public void W11_an_out_of_range_option_exits_2_naming_the_option(string option, string value) =>
        Assert.Contains(option, AssertFails(Run("analyze", "--world", w.World, option, value, "--out", w.NewPath("out")), 2));

    [Fact]
    public void W11_a_genuine_threshold_above_the_fake_one_is_required() =>
        Assert.Contains("--fake-threshold", AssertFails(Run("analyze", "--world", w.World, "--genuine-threshold", "0.4", "--fake-threshold", "0.5", "--out", w.NewPath("out")), 2));

    [Fact]
    public void The_employee_reason_follows_the_configured_threshold()
    {
        foreach (string threshold in new[] { "0.2", "0.9" })
        {
            string outDir = w.NewPath("out");
            var r = Run("analyze", "--world", w.World, "--employee-threshold", threshold, "--out", outDir);
            Assert.True(r.Code == 0, r.Err);
            double t = double.Parse(threshold, System.Globalization.CultureInfo.InvariantCulture);
            var rows = File.ReadAllLines(Path.Combine(outDir, "prospects.csv")).Skip(1).ToArray();
            Assert.NotEmpty(rows);
            foreach (string row in rows)
            {
                // employee_likelihood is the 15th column; the reasons (last) may hold commas but come quoted after it.
                var fields = row.Split(',');
                double likelihood = double.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(likelihood >= t, row.Contains("looks like an employee", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void K1_terminal_escapes_in_a_header_are_not_echoed()
    {
        string world = w.Copy();
        string cdr = Path.Combine(world, "cdr.csv");
        var lines = File.ReadAllLines(cdr);
        lines[0] = "caller,\u001b]0;pwned\u0007\u001b[31mcallee,start_time,duration_s,type,cell_id";
        File.WriteAllLines(cdr, lines);
        string line = AssertFails(Run("analyze", "--world", world, "--out", w.NewPath("out")), 1);
        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\u0007', line);
        Assert.Contains("\\x1B", line);
    }

    [Theory]
    [InlineData("--prefixes")]
    [InlineData("--ported")]
    public void C4_more_than_254_operators_exits_1_naming_the_file(string option)
    {
        string file = w.NewPath("ops") + ".csv";
        var lines = new List<string> { option == "--prefixes" ? "prefix,operator" : "msisdn,operator" };
        for (int i = 1; i <= 300; i++) lines.Add(option == "--prefixes" ? $"1{3000 + i},op{i}" : $"1380000{1000 + i},op{i}");
        File.WriteAllLines(file, lines);
        Assert.Contains(file + ":256:2", AssertFails(Run("analyze", "--world", w.World, option, file, "--out", w.NewPath("out")), 1));
    }

    [Fact]
    public void An_empty_prefix_file_exits_1()
    {
        string file = w.NewPath("prefixes") + ".csv";
        File.WriteAllText(file, "");
        Assert.Contains("no prefix rows", AssertFails(Run("analyze", "--world", w.World, "--prefixes", file, "--out", w.NewPath("out")), 1));
    }
}
