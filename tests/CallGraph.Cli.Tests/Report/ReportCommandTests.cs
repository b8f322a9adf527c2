using CallGraph.Reporting;

namespace CallGraph.Cli.Tests.Report;

public class ReportCommandTests
{
    [Fact]
    public void Writes_report_html_into_the_results_folder_by_default()
    {
        using var folder = new ResultsFolder();
        var (code, stdout, stderr) = ResultsFolder.Run("report", "--results", folder.Dir);
        Assert.True(code == 0, stderr);
        string html = File.ReadAllText(folder.PathOf("report.html"));
        Assert.Contains("wrote ", stdout);
        Assert.Contains("5 groups, 5 in detail, 5 graphs", stdout);
        foreach (var g in folder.Result.Groups) Assert.Contains("id=\"" + HtmlReport.Anchor(g.GroupId) + "\"", html);
        Assert.Contains("中国移动测试集团", html);
        Assert.Contains("id=\"alerts\"", html);
        Assert.Contains("cdr_rows", html);
        Assert.False(File.Exists(folder.PathOf("report.html.tmp")));
    }

    [Fact]
    public void Out_and_groups_detail_are_honoured()
    {
        using var folder = new ResultsFolder(withPeriods: false);
        string target = Path.Combine(folder.Dir, "sub", "mine.html");
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", folder.Dir, "--out", target, "--groups-detail", "G00003,G00001");
        Assert.True(code == 0, stderr);
        string html = File.ReadAllText(target);
        Assert.True(html.IndexOf("id=\"g-G00003\"", StringComparison.Ordinal) < html.IndexOf("id=\"g-G00001\"", StringComparison.Ordinal));
        Assert.DoesNotContain("id=\"g-G00002\"", html);
        Assert.DoesNotContain("id=\"alerts\"", html);
        Assert.False(File.Exists(folder.PathOf("report.html")));
    }

    [Fact]
    public void Top_n_picks_the_largest_rosters()
    {
        using var folder = new ResultsFolder(withPeriods: false);
        var (code, stdout, _) = ResultsFolder.Run("report", "--results", folder.Dir, "--groups-detail", "top:2");
        Assert.Equal(0, code);
        Assert.Contains("2 in detail", stdout);
        string html = File.ReadAllText(folder.PathOf("report.html"));
        Assert.Contains("id=\"g-G00001\"", html);
        Assert.Contains("id=\"g-G00002\"", html);
        Assert.DoesNotContain("id=\"g-G00003\"", html);
    }

    [Fact]
    public void A_folder_without_groups_csv_is_bad_input_in_one_line()
    {
        using var folder = new ResultsFolder(withPeriods: false);
        File.Delete(folder.PathOf("groups.csv"));
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", folder.Dir);
        Assert.Equal(1, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("groups.csv", stderr);
        Assert.Contains("missing", stderr);
    }

    [Fact]
    public void A_missing_folder_is_bad_input()
    {
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", stderr);
    }

    [Fact]
    public void A_bad_row_names_file_and_line()
    {
        using var folder = new ResultsFolder(withPeriods: false);
        var lines = File.ReadAllLines(folder.PathOf("members.csv"));
        lines[3] = lines[3].Replace(",genuine,", ",maybe,", StringComparison.Ordinal).Replace(",fake,", ",maybe,", StringComparison.Ordinal).Replace(",suspect,", ",maybe,", StringComparison.Ordinal);
        File.WriteAllLines(folder.PathOf("members.csv"), lines);
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", folder.Dir);
        Assert.Equal(1, code);
        Assert.Contains("members.csv:4:3:", stderr);
        Assert.Contains("maybe", stderr);
    }

    [Fact]
    public void A_broken_graph_file_is_bad_input()
    {
        using var folder = new ResultsFolder(withPeriods: false);
        File.WriteAllText(folder.PathOf("graphs/G00002.json"), "{ broken");
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", folder.Dir);
        Assert.Equal(1, code);
        Assert.Contains("G00002.json", stderr);
    }

    [Fact]
    public void A_missing_graph_file_still_gives_a_report()
    {
        using var folder = new ResultsFolder(withPeriods: false);
        File.Delete(folder.PathOf("graphs/G00002.json"));
        var (code, stdout, _) = ResultsFolder.Run("report", "--results", folder.Dir);
        Assert.Equal(0, code);
        Assert.Contains("4 graphs", stdout);
    }

    [Theory]
    [InlineData("top:many", 2)]
    [InlineData("G00001,G99999", 1)]
    public void Groups_detail_errors_are_usage_or_bad_input(string detail, int expected)
    {
        using var folder = new ResultsFolder(withPeriods: false);
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", folder.Dir, "--groups-detail", detail);
        Assert.Equal(expected, code);
        Assert.StartsWith("callgraph: ", stderr);
    }

    [Fact]
    public void Results_is_required()
    {
        var (code, _, stderr) = ResultsFolder.Run("report");
        Assert.Equal(2, code);
        Assert.Contains("--results", stderr);
    }
}
