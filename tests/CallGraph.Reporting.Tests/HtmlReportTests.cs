using System.Globalization;
using System.Text.RegularExpressions;
using CallGraph.Analysis;
using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Reporting;
using CallGraph.Tests;

namespace CallGraph.Reporting.Tests;

public class HtmlReportTests
{
    private static string Render(ReportModel model, ReportOptions? options = null)
    {
        var sw = new StringWriter();
        HtmlReport.Write(sw, model, options);
        return sw.ToString();
    }

    private static string Section(string html, string groupId)
    {
        int start = html.IndexOf("<section id=\"" + HtmlReport.Anchor(groupId) + "\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no section for " + groupId);
        int end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public void Every_detail_group_has_its_section_and_graph()
    {
        var w = new ReportWorld();
        var options = new ReportOptions { GroupsDetail = "all" };
        string html = Render(ReportModel.FromAnalysis(w.Result, w.Aggregate, options), options);
        foreach (var g in w.Result.Groups)
        {
            string section = Section(html, g.GroupId);
            Assert.Contains("<svg class=\"graph", section);
            Assert.Contains("href=\"#" + HtmlReport.Anchor(g.GroupId) + "\"", html);
        }
        // The prospect is drawn and listed in its group's page; the fake member is in the member table.
        string big = Section(html, "G00001");
        Assert.Contains(w.Prospect.ToString(), big);
        Assert.Contains("class=\"c-prospect\"", big);
        Assert.Contains("competitor-like", big);
        Assert.Contains("badge v-fake", big);
        Assert.Contains("Roster too small to score", Section(html, "G00003"));
    }

    [Fact]
    public void Figures_in_the_overview_equal_groups_csv()
    {
        var w = new ReportWorld();
        var options = new ReportOptions { GroupsDetail = "all" };
        string html = Render(ReportModel.FromAnalysis(w.Result, w.Aggregate, options), options);
        var sw = new StringWriter();
        ResultWriter.WriteGroups(sw, w.Result.Groups);
        var csv = ResultReader.ReadGroups(new StringReader(sw.ToString()), "groups.csv");
        int table = html.IndexOf("<table id=\"t-groups\"", StringComparison.Ordinal);
        Assert.True(table > 0);
        foreach (var g in csv)
        {
            int row = html.IndexOf("<tr data-group=\"" + g.GroupId + "\">", table, StringComparison.Ordinal);
            string tr = html[row..html.IndexOf("</tr>", row, StringComparison.Ordinal)];
            var cells = Regex.Matches(tr, "data-f=\"([a-z_]+)\" data-v=\"([^\"]*)\">(.*?)</td>")
                .ToDictionary(m => m.Groups[1].Value, m => (Value: m.Groups[2].Value, Shown: Regex.Replace(m.Groups[3].Value, "<[^>]+>", "")));
            Assert.Equal(g.Roster.ToString(CultureInfo.InvariantCulture), cells["roster"].Value);
            Assert.Equal(g.Roster.ToString("N0", CultureInfo.InvariantCulture), cells["roster"].Shown);
            Assert.Equal(g.Genuine.ToString(CultureInfo.InvariantCulture), cells["genuine"].Shown);
            Assert.Equal(g.Suspect.ToString(CultureInfo.InvariantCulture), cells["suspect"].Shown);
            Assert.Equal(g.Fake.ToString(CultureInfo.InvariantCulture), cells["fake"].Shown);
            Assert.Equal(g.Prospects.ToString(CultureInfo.InvariantCulture), cells["prospects"].Shown);
            if (g.Scored)
            {
                Assert.Equal(g.Purity, double.Parse(cells["purity"].Value, CultureInfo.InvariantCulture));
                Assert.Equal((g.Purity * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", cells["purity"].Shown);
            }
            Assert.Equal(g.MarketShare is double s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—", cells["market_share"].Shown);
        }
        int scored = csv.Count(g => g.Scored);
        Assert.Contains("data-f=\"groups-analysed\"><div class=\"v\">3</div>", html);
        Assert.Contains("data-f=\"groups-scored\"><div class=\"v\">" + scored + "</div>", html);
    }

    [Fact]
    public void The_overview_shows_the_calibration_and_its_warnings_escaped_and_nothing_without_one()
    {
        var w = new ReportWorld();
        var fit = CallGraph.Calibration.CoefficientCalibration.Fit(new[] { ("A", 2.0, 10.0), ("B", 4.0, 20.0), ("C", 1.0, 5.0), ("D", 3.0, 15.0), ("E", 5.0, 25.0) },
            new[] { "surveyed group <G9> is not on any roster: left out" });
        var model = ReportModel.FromAnalysis(w.Result, w.Aggregate) with { Calibration = fit };
        string html = Render(model);
        Assert.Contains("calibrated on 5 surveyed groups: coefficient 5", html);
        Assert.Contains("far from 1", html);
        Assert.Contains("surveyed group &lt;G9&gt;", html);
        Assert.DoesNotContain("data-f=\"calibration\"", Render(ReportModel.FromAnalysis(w.Result, w.Aggregate)));
    }

    [Fact]
    public void Chinese_names_survive_and_markup_in_names_is_escaped()
    {
        var w = new ReportWorld();
        var options = new ReportOptions { GroupsDetail = "all" };
        string html = Render(ReportModel.FromAnalysis(w.Result, w.Aggregate, options), options);
        Assert.Contains(ReportWorld.ChineseName, html);
        Assert.Contains("北京分公司", html);
        Assert.Contains("王经理", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Single(Regex.Matches(html, "<script"));
        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.Contains("Noto Sans CJK SC", html);
    }

    [Fact]
    public void The_report_is_self_contained_and_deterministic()
    {
        var w = new ReportWorld();
        var model = ReportModel.FromAnalysis(w.Result, w.Aggregate);
        string html = Render(model);
        Assert.Equal(html, Render(ReportModel.FromAnalysis(w.Result, w.Aggregate)));
        foreach (var external in new[] { "http://", "https://", "src=", "@import", "url(", "<link" })
            Assert.DoesNotContain(external, html);
    }

    [Fact]
    public void Groups_detail_selects_top_all_or_a_list()
    {
        var w = new ReportWorld();
        var groups = w.Result.Groups;
        Assert.Equal(new[] { "G00001" }, new ReportOptions { GroupsDetail = "top:1" }.SelectDetailGroups(groups));
        // Ties by id: G00002 has 10 members, G00003 has 4.
        Assert.Equal(new[] { "G00001", "G00002", "G00003" }, new ReportOptions().SelectDetailGroups(groups));
        Assert.Equal(new[] { "G00001", "G00002", "G00003" }, new ReportOptions { GroupsDetail = "all" }.SelectDetailGroups(groups));
        Assert.Equal(new[] { "G00003", "G00001" }, new ReportOptions { GroupsDetail = "G00003, G00001" }.SelectDetailGroups(groups));
        Assert.Throws<FormatException>(() => new ReportOptions { GroupsDetail = "top:x" }.SelectDetailGroups(groups));
        Assert.Throws<FormatException>(() => new ReportOptions { GroupsDetail = " , " }.SelectDetailGroups(groups));
        var ex = Assert.Throws<InvalidDataException>(() => new ReportOptions { GroupsDetail = "G00001,G9" }.SelectDetailGroups(groups));
        Assert.Contains("G9", ex.Message);

        var options = new ReportOptions { GroupsDetail = "G00002" };
        string html = Render(ReportModel.FromAnalysis(w.Result, w.Aggregate, options), options);
        Assert.Single(Regex.Matches(html, "<svg class=\"graph"));
        Assert.Contains("id=\"g-G00002\"", html);
        Assert.DoesNotContain("id=\"g-G00001\"", html);
    }

    [Fact]
    public void Periods_bring_trend_tables_and_alerts()
    {
        var w = new ReportWorld();
        var trends = new[]
        {
            new TrendRow("G00001", "2026-05", 0.9, null, 0.9, null, 1, null, 14, 1.5),
            new TrendRow("G00001", "2026-06", 0.8, -10, 0.875, -2.5, 2, 1, 14, 3.5),
        };
        var moved = new MovedMember(w.Big[3], 50, 1, w.Employee, "cucc", 0.8333);
        var alerts = new[] { new ShareAlert("G00001", "2026-05", "2026-06", 0.9, 0.8, 10, new[] { moved }) };
        var model = ReportModel.FromAnalysis(w.Result, w.Aggregate, null, null, trends, alerts);
        string html = Render(model);
        Assert.Contains("id=\"alerts\"", html);
        Assert.Contains("<table id=\"t-alerts\"", html);
        string section = Section(html, "G00001");
        Assert.Contains("<svg class=\"spark\"", section);
        Assert.Contains("-10.0", section);
        Assert.Contains("Share fell 10.0 points from 2026-05 to 2026-06 (90.0% → 80.0%).", section);
        Assert.Contains(w.Employee.ToString(), section);
        Assert.DoesNotContain("id=\"alerts\"", Render(ReportModel.FromAnalysis(w.Result, w.Aggregate)));
    }

    [Fact]
    public void The_group_page_shows_its_sub_teams_and_isolated_members_also_from_the_graph_file()
    {
        // Two cliques with no call between them, and a member who calls only an outsider.
        var t = new TestWorld();
        var m = t.AddGroup("T1", 9);
        t.Clique(m[..4], officeCell: 5);
        t.Clique(m[4..8], officeCell: 5);
        var outsider = t.OffNet();
        for (int d = 0; d < 5; d++) t.Call(m[8], outsider, TestWorld.At(d, 10));
        var roster = t.Roster();
        var aggregate = t.Aggregate(roster);
        var result = GroupAnalyzer.Analyze(aggregate, NumberPlan.Default);
        var model = ReportModel.FromAnalysis(result, aggregate);

        var members = model.Graphs["T1"].Nodes.Where(n => n.Kind == GraphNodeKind.Member).ToDictionary(n => n.Msisdn);
        Assert.Equal(members[m[0].ToString()].Team, members[m[3].ToString()].Team);
        Assert.NotEqual(members[m[0].ToString()].Team, members[m[4].ToString()].Team);
        Assert.Equal(2, members[m[8].ToString()].Team);
        Assert.All(model.Graphs["T1"].Nodes.Where(n => n.Kind == GraphNodeKind.Contact), n => Assert.Null(n.Team));

        string section = Section(Render(model), "T1");
        Assert.Contains("2 sub-teams linked by colleague calls, with no calls between them: 4, 4 members.", section);
        Assert.Contains("1 isolated member, with no colleague call: " + m[8] + ".", section);

        // The graph file keeps the teams, so a report loaded from an output folder shows the same.
        var json = new StringWriter();
        GraphExport.WriteJson(json, model.Graphs["T1"]);
        var read = GraphExport.ReadJson(new StringReader(json.ToString()), "t1.json");
        Assert.Equal(model.Graphs["T1"].Nodes, read.Nodes);
        Assert.Equal(section, Section(Render(model with { Graphs = new Dictionary<string, GraphData> { ["T1"] = read } }), "T1"));
        // A graph file without teams (written before they were recorded) shows no sub-team section.
        var old = read with { Nodes = read.Nodes.Select(n => n with { Team = null }).ToList() };
        Assert.DoesNotContain("Sub-teams", Section(Render(model with { Graphs = new Dictionary<string, GraphData> { ["T1"] = old } }), "T1"));
    }

    [Fact]
    public void A_missing_graph_is_said_not_drawn()
    {
        var w = new ReportWorld();
        var model = ReportModel.FromAnalysis(w.Result, w.Aggregate) with { Graphs = new Dictionary<string, GraphData>() };
        string html = Render(model);
        Assert.DoesNotContain("<svg class=\"graph", html);
        Assert.Contains("graphs/G00001.json is missing", html);
    }

    [Theory]
    [InlineData(1234567, "1,234,567")]
    [InlineData(0, "0")]
    [InlineData(-5, "-5")]
    public void Integers_get_thousands_separators(long value, string shown) => Assert.Equal(shown, HtmlReport.Int(value));

    [Theory]
    [InlineData(0.87564, "87.6%")]
    [InlineData(1.0, "100.0%")]
    [InlineData(0.0, "0.0%")]
    [InlineData(null, "—")]
    public void Shares_are_percentages_with_one_decimal(double? share, string shown) => Assert.Equal(shown, HtmlReport.Pct(share));

    [Fact]
    public void Anchors_are_safe_and_distinct()
    {
        Assert.Equal("g-G00001", HtmlReport.Anchor("G00001"));
        Assert.NotEqual(HtmlReport.Anchor("a b"), HtmlReport.Anchor("a_b"));
        Assert.Matches("^[A-Za-z0-9_-]+$", HtmlReport.Anchor("集团 \"<x>\""));
    }

    [Fact]
    public void A_ten_thousand_group_world_with_top_100_stays_a_few_megabytes()
    {
        const int groupCount = 10_000, size = 400;
        var groups = new List<GroupSummary>(groupCount);
        var prospects = new List<CircleContact>();
        for (int i = 0; i < groupCount; i++)
        {
            string id = "G" + i.ToString("D5", CultureInfo.InvariantCulture);
            int roster = 10 + i % 400;
            groups.Add(new GroupSummary(id, "集团" + i, "Branch " + i % 40, "Manager " + i % 300, true, roster, roster * 8 / 10, roster / 10,
                roster - roster * 8 / 10 - roster / 10, 1, 0.8, roster * 85 / 100, 3, 1, 2, 1, 1, 2, 0.9));
            for (int p = 0; p < 3; p++)
                prospects.Add(new CircleContact(id, PhoneNumber.FromDigits(11, 18600000000UL + (ulong)(i * 3 + p)), "cucc", 5 + p, 0.12, 20, 3, 1800, 0.7, 0.5, 0.3, 0, 86400, 1, 0.2, "talks to many members; partner"));
        }
        var detail = new ReportOptions().SelectDetailGroups(groups);
        var members = new List<MemberAssessment>();
        var graphs = new Dictionary<string, GraphData>(StringComparer.Ordinal);
        foreach (var id in detail)
        {
            var nodes = new List<GraphNode>();
            var edges = new List<GraphEdge>();
            for (int m = 0; m < size; m++)
            {
                var number = PhoneNumber.FromDigits(11, 13800000000UL + (ulong)m);
                string verdict = m % 10 == 0 ? "fake" : m % 10 == 1 ? "suspect" : "genuine";
                nodes.Add(new GraphNode(number.ToString(), GraphNodeKind.Member, verdict, 0.7, "cmcc", false, false, false, 12));
                members.Add(new MemberAssessment(id, number, verdict == "fake" ? Verdict.Fake : verdict == "suspect" ? Verdict.Suspect : Verdict.Genuine, 0.7, "cmcc",
                    120, 100, 20, 6000, 30, 12, size - 1, 0.6, 0.8, 0.3, 0.7, 0.9, 0.8, false, 0,
                    "reaches 12 of 399 colleagues (typical 14); 60% of traffic inside the group; 70% in working hours"));
                for (int k = 1; k <= 8; k++)
                    edges.Add(new GraphEdge(number.ToString(), PhoneNumber.FromDigits(11, 13800000000UL + (ulong)((m + k * 7) % size)).ToString(), 10 + k, 8, 2, 600));
            }
            for (int c = 0; c < 300; c++)
            {
                string n = PhoneNumber.FromDigits(11, 18900000000UL + (ulong)c).ToString();
                nodes.Add(new GraphNode(n, GraphNodeKind.Contact, "", null, "ctcc", c < 5, false, c is >= 5 and < 10, 3));
                for (int k = 0; k < 3; k++) edges.Add(new GraphEdge(nodes[(c * 3 + k) % size].Msisdn, n, 4, 3, 1, 200));
            }
            graphs[id] = new GraphData(id, 5000, nodes, edges);
        }
        var model = new ReportModel { Groups = groups, Members = members, Prospects = prospects, Rollups = Rollups.Build(groups), Graphs = graphs };
        var counter = new CountingWriter();
        HtmlReport.Write(counter, model);
        // Every detail group here is a worst case (400 members, 3,200 member edges, long reasons); real worlds come out smaller.
        Assert.True(counter.Bytes < 6_000_000, $"report is {counter.Bytes:N0} bytes");
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Bytes { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Bytes += System.Text.Encoding.UTF8.GetByteCount(new[] { value });

        public override void Write(string? value) => Bytes += value is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(value);
    }
}
