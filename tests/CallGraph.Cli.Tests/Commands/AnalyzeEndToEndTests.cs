using System.Text.Json;
using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>Generated worlds with planted truth: analyze, then evaluate against the truth.</summary>
public sealed class AnalyzeEndToEndTests : CliTestFolder
{
    public AnalyzeEndToEndTests() : base("callgraph-e2e-") { }

    private string World(int cdrs, int seed, params string[] extra)
    {
        string dir = Path.Combine(Root, $"world-{cdrs}-{seed}");
        var r = Run(new[] { "generate", "--out", dir, "--cdrs", cdrs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(extra).ToArray());
        Assert.True(r.Code == 0, r.Err);
        return dir;
    }

    [Fact]
    public void Calibration_warnings_reach_stderr_and_summary_json()
    {
        string world = World(100_000, 5);
        string survey = Path.Combine(Root, "two-groups.csv");
        File.WriteAllLines(survey, File.ReadAllLines(Path.Combine(world, "survey.csv")).Take(3));
        string results = Path.Combine(Root, "out-calibration");
        var a = Run("analyze", "--world", world, "--survey", survey, "--out", results);
        Assert.True(a.Code == 0, a.Err);
        Assert.Contains("callgraph: warning: calibration: only 2 surveyed groups", a.Err);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json")));
        Assert.Contains(summary.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("calibration: only 2 surveyed groups", StringComparison.Ordinal));

        // The report shows them too, whether analyze draws it or report rebuilds it from the folder.
        var withReport = Run("analyze", "--world", world, "--survey", survey, "--report", "--out", results);
        Assert.True(withReport.Code == 0, withReport.Err);
        Assert.Contains("only 2 surveyed groups", File.ReadAllText(Path.Combine(results, "report.html")));
        string rebuilt = Path.Combine(Root, "rebuilt.html");
        var report = Run("report", "--results", results, "--out", rebuilt);
        Assert.True(report.Code == 0, report.Err);
        Assert.Contains("only 2 surveyed groups", File.ReadAllText(rebuilt));
    }

    [Theory]
    [InlineData(200_000, 12, false)]
    [InlineData(1_000_000, 2, true)]
    public void Fake_members_and_market_share_meet_the_targets(int cdrs, int seed, bool checkShare)
    {
        string world = World(cdrs, seed);
        string results = Path.Combine(Root, "out");
        var a = Run("analyze", "--world", world, "--survey", Path.Combine(world, "survey.csv"), "--out", results);
        Assert.True(a.Code == 0, a.Err);
        var e = Run("evaluate", "--truth", world, "--results", results, "--json");
        Assert.True(e.Code == 0, e.Err);
        using var doc = JsonDocument.Parse(e.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("fake").GetProperty("f1").GetDouble() >= 0.95, e.Out);
        Assert.True(root.GetProperty("fake_roc_auc").GetDouble() >= 0.97, e.Out);
        foreach (var kind in root.GetProperty("fake_recall_by_kind").EnumerateObject())
            Assert.True(kind.Value.GetDouble() >= 0.9, $"{kind.Name}: {e.Out}");
        // The hand rule "fewer than 2 colleagues reached" is the floor, beaten by a clear margin.
        Assert.True(root.GetProperty("fake").GetProperty("f1").GetDouble() - root.GetProperty("baseline_fewer_than_2_colleagues").GetProperty("f1").GetDouble() >= 0.1, e.Out);
        Assert.True(File.Exists(Path.Combine(results, "calibration.json")));
        // With ~20 groups and 5 surveyed, a 200k world is too thin for a stable share estimate; 1M is not.
        if (checkShare)
        {
            Assert.True(root.GetProperty("share_groups").GetInt32() > 50, e.Out);
            Assert.True(root.GetProperty("share_mae").GetDouble() <= 0.05, e.Out);
        }
    }

    [Fact]
    public void Outputs_are_byte_identical_across_runs_and_thread_counts()
    {
        string world = World(40_000, 5);
        string one = Path.Combine(Root, "one"), two = Path.Combine(Root, "two");
        Assert.Equal(0, Run("analyze", "--world", world, "--threads", "1", "--out", one).Code);
        Assert.Equal(0, Run("analyze", "--world", world, "--threads", "2", "--out", two).Code);
        var files = Directory.GetFiles(one).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, Directory.GetFiles(two).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("members.csv", files);
        Assert.Contains("summary.json", files);
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(one, f!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, f!))), f);
    }

    [Fact]
    public void Monthly_periods_split_and_sum_back_and_a_poached_group_raises_an_alert()
    {
        string world = World(120_000, 22, "--months", "3");
        string results = Path.Combine(Root, "periods");
        var a = Run("analyze", "--world", world, "--period", "month", "--out", results);
        Assert.True(a.Code == 0, a.Err);
        var trends = File.ReadAllLines(Path.Combine(results, "trends.csv"));
        Assert.StartsWith("group_id,period,", trends[0]);
        var periods = trends.Skip(1).Select(l => l.Split(',')[1]).Distinct().ToArray();
        Assert.Equal(new[] { "2026-06", "2026-07", "2026-08" }, periods.Order(StringComparer.Ordinal));
        // The poached group raises an alert naming the members who moved and, mostly, their new numbers.
        var migrations = File.ReadAllLines(Path.Combine(world, "truth_migrations.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(migrations);
        var moved = File.ReadAllLines(Path.Combine(results, "alerts.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[6].Length > 0).GroupBy(f => (f[0], f[6]))
            .ToDictionary(g => g.Key, g => g.Select(f => f[9]).OrderByDescending(n => n.Length).First()); // a member may sit in two alerts
        int named = migrations.Count(m => moved.ContainsKey((m[0], m[1])));
        int newNumbers = migrations.Count(m => moved.TryGetValue((m[0], m[1]), out var n) && n == m[2]);
        Assert.True(named >= 0.8 * migrations.Count, $"{named} of {migrations.Count} moved members named");
        Assert.True(newNumbers >= 0.6 * migrations.Count, $"{newNumbers} of {migrations.Count} new numbers found");
        Assert.Equal(named, moved.Keys.Count(k => migrations.Any(m => (m[0], m[1]) == k)));
    }

    [Fact]
    public void A_bad_row_budget_exceeded_writes_nothing_and_exits_1()
    {
        string world = World(20_000, 3, "--bad-row-rate", "0.05");
        string results = Path.Combine(Root, "refused");
        var a = Run("analyze", "--world", world, "--max-rejects", "10", "--out", results);
        Assert.Equal(1, a.Code);
        Assert.StartsWith("callgraph: ", a.Err.Split('\n').Last(l => l.Length > 0));
        Assert.False(Directory.Exists(results) && Directory.EnumerateFileSystemEntries(results).Any());
        Assert.Empty(Directory.GetDirectories(Root, ".refused.partial-*"));
    }

    [Fact]
    public void Rejected_rows_go_to_rejects_csv_with_file_line_and_reason()
    {
        string world = World(20_000, 4, "--bad-row-rate", "0.002");
        string results = Path.Combine(Root, "rejects");
        var a = Run("analyze", "--world", world, "--out", results);
        Assert.True(a.Code == 0, a.Err);
        var lines = File.ReadAllLines(Path.Combine(results, "rejects.csv"));
        Assert.Equal("file,line,column,reason,raw", lines[0]);
        Assert.True(lines.Length > 1);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal(s.GetProperty("rows_read").GetInt64(),
            s.GetProperty("rows_accepted").GetInt64() + s.GetProperty("rows_rejected").GetInt64() + s.GetProperty("duplicates").GetInt64() + s.GetProperty("outside_window").GetInt64());
        Assert.Equal(lines.Length - 1, s.GetProperty("rows_rejected").GetInt64());
    }

    [Fact]
    public void Report_and_graph_exports_come_from_the_same_run()
    {
        string world = World(30_000, 8);
        string results = Path.Combine(Root, "report");
        var a = Run("analyze", "--world", world, "--report", "--groups-detail", "top:3", "--out", results);
        Assert.True(a.Code == 0, a.Err);
        string html = File.ReadAllText(Path.Combine(results, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.OrdinalIgnoreCase);
        var graphs = Directory.GetFiles(Path.Combine(results, "graphs"), "*.json");
        Assert.Equal(3, graphs.Length);
        string group = Path.GetFileNameWithoutExtension(graphs.Order(StringComparer.Ordinal).First());

        var g = Run("export-graph", "--world", world, "--group", group, "--format", "graphml");
        Assert.True(g.Code == 0, g.Err);
        var doc = System.Xml.Linq.XDocument.Parse(g.Out);
        System.Xml.Linq.XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        int rosterSize = File.ReadLines(Path.Combine(world, "members.csv")).Skip(1).Count(l => l.StartsWith(group + ",", StringComparison.Ordinal));
        var memberNodes = doc.Descendants(ns + "node").Count(n => n.Elements(ns + "data").Any(d => (string?)d.Attribute("key") == "kind" && d.Value == "member"));
        Assert.Equal(rosterSize, memberNodes);

        Assert.Equal(1, Run("export-graph", "--world", world, "--group", "NO-SUCH-GROUP").Code);
        Assert.Equal(2, Run("export-graph", "--world", world, "--group", group, "--format", "png").Code);
    }
}
