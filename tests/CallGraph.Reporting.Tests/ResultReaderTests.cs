using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Reporting;

namespace CallGraph.Reporting.Tests;

public class ResultReaderTests
{
    private static StringReader Written(Action<TextWriter> write)
    {
        var sw = new StringWriter();
        write(sw);
        return new StringReader(sw.ToString());
    }

    [Fact]
    public void Members_groups_and_circle_lists_read_back_equal()
    {
        var w = new ReportWorld();
        var r = w.Result;
        Assert.Equal(WithoutCredits(r.Members), ResultReader.ReadMembers(Written(t => ResultWriter.WriteMembers(t, r.Members)), "members.csv"));
        Assert.Equal(r.Groups, ResultReader.ReadGroups(Written(t => ResultWriter.WriteGroups(t, r.Groups)), "groups.csv"));
        Assert.Equal(r.Prospects, ResultReader.ReadCircle(Written(t => ResultWriter.WriteCircle(t, r.Prospects)), "prospects.csv"));
        Assert.Equal(r.PotentialMembers, ResultReader.ReadCircle(Written(t => ResultWriter.WriteCircle(t, r.PotentialMembers)), "potential-members.csv"));
        Assert.Equal(r.CompetitorLike, ResultReader.ReadCircle(Written(t => ResultWriter.WriteCircle(t, r.CompetitorLike)), "competitor-members.csv"));
        var rollups = Rollups.Build(r.Groups);
        Assert.Equal(rollups, ResultReader.ReadRollups(Written(t => ResultWriter.WriteRollups(t, rollups)), "rollup.csv"));
        Assert.NotEmpty(r.Prospects);
        Assert.NotEmpty(r.CompetitorLike);
    }

    [Fact]
    public void A_group_filter_keeps_only_those_groups()
    {
        var w = new ReportWorld();
        var back = ResultReader.ReadMembers(Written(t => ResultWriter.WriteMembers(t, w.Result.Members)), "members.csv", id => id == "G00002");
        Assert.Equal(WithoutCredits(w.Result.Members.Where(m => m.GroupId == "G00002")), back);
    }

    /// <summary>members.csv carries the signals, not the credits computed from them (they live in memory, for the weight fit).</summary>
    private static IEnumerable<MemberAssessment> WithoutCredits(IEnumerable<MemberAssessment> members) => members.Select(m => m with { Credits = default });

    [Fact]
    public void Trends_and_alerts_read_back_equal()
    {
        var trends = new[]
        {
            new TrendRow("G1", "2026-05", 0.8, null, 0.9, null, 3, null, 18, 4.5),
            new TrendRow("G1", "2026-06", 0.7, -10, 0.85, -5, 5, 2, 17, 7.29),
            new TrendRow("G2", "2026-05", null, null, 0, null, 0, null, 0, 0),
        };
        Assert.Equal(trends, ResultReader.ReadTrends(Written(t => ResultWriter.WriteTrends(t, trends)), "trends.csv"));
        var a = PhoneNumber.FromDigitString("13800000001");
        var b = PhoneNumber.FromDigitString("18600000002");
        var alerts = new[]
        {
            new ShareAlert("G1", "2026-05", "2026-06", 0.8, 0.7, 10, new[] { new MovedMember(a, 40, 2, b, "cucc", 0.75), new MovedMember(a, 12, 0, null, "", 0) }),
            new ShareAlert("G2", "2026-05", "2026-06", 0.5, 0.4, 10, Array.Empty<MovedMember>()),
        };
        var back = ResultReader.ReadAlerts(Written(t => ResultWriter.WriteAlerts(t, alerts)), "alerts.csv");
        Assert.Equal(alerts.Length, back.Count);
        for (int i = 0; i < alerts.Length; i++)
        {
            Assert.Equal(alerts[i] with { Moved = Array.Empty<MovedMember>() }, back[i] with { Moved = Array.Empty<MovedMember>() });
            Assert.Equal(alerts[i].Moved, back[i].Moved);
        }
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var g = new GroupSummary("G,1", "A \"quoted\", name\nwith a break", "中国", "", true, 10, 8, 1, 1, 0, 0.8, 8, 0, 0, 0, 0.75, 1, 0, 1);
        var back = ResultReader.ReadGroups(Written(t => ResultWriter.WriteGroups(t, new[] { g, g with { GroupId = "G2" } })), "groups.csv");
        Assert.Equal(new[] { g, g with { GroupId = "G2" } }, back);
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order()
    {
        const string csv = "dimension,market_share,key,groups,roster,genuine,estimated_competitor_members,prospects,extra\nbranch,0.5,North,2,30,20,20,4,x\n";
        var row = Assert.Single(ResultReader.ReadRollups(new StringReader(csv), "rollup.csv"));
        Assert.Equal(new RollupRow("branch", "North", 2, 30, 20, 20, 0.5, 4), row);
    }

    [Fact]
    public void A_missing_column_names_the_file_and_the_column()
    {
        var ex = Assert.Throws<DataException>(() => ResultReader.ReadGroups(new StringReader("group_id,name\nG1,x\n"), "groups.csv"));
        Assert.Equal(1, ex.Line);
        Assert.Contains("roster", ex.Message);
        Assert.StartsWith("groups.csv:1: ", ex.Message);
    }

    [Fact]
    public void A_bad_value_names_line_and_column()
    {
        var sw = new StringWriter();
        ResultWriter.WriteRollups(sw, new[] { new RollupRow("branch", "N", 1, 10, 8, 2, 0.8, 1) });
        string csv = sw.ToString().Replace(",10,8,", ",ten,8,", StringComparison.Ordinal);
        var ex = Assert.Throws<DataException>(() => ResultReader.ReadRollups(new StringReader(csv), "rollup.csv"));
        Assert.Equal(2, ex.Line);
        Assert.Equal(4, ex.Column);
        Assert.Contains("\"ten\"", ex.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_and_a_header_alone_is_no_rows()
    {
        Assert.Throws<DataException>(() => ResultReader.ReadRollups(new StringReader(""), "rollup.csv"));
        Assert.Empty(ResultReader.ReadRollups(new StringReader("dimension,key,groups,roster,genuine,estimated_competitor_members,market_share,prospects\n"), "rollup.csv"));
    }

    [Fact]
    public void Summary_json_flattens_to_named_values()
    {
        var facts = ResultReader.ReadSummary(new StringReader("{\"rows\":{\"read\":1200,\"rejected\":3},\"periods\":[\"a\",\"b\"],\"ok\":true,\"name\":\"月报\"}"), "summary.json");
        Assert.Equal(new[] { "rows.read=1200", "rows.rejected=3", "periods=2 items", "ok=true", "name=月报" }, facts.Select(f => f.Key + "=" + f.Value));
    }
}
