using System.Text.Json;

namespace CallGraph.Cli.Tests.Campaigns;

/// <summary>The five steps through the CLI on <see cref="CampaignFixture"/>, with the report checked against hand-computed figures.</summary>
public sealed class CampaignEndToEndTests : IDisposable
{
    private readonly CampaignWorkspace _ws = new();
    private readonly string _prospects;
    private readonly string _groups;
    private readonly string _feedback;

    public CampaignEndToEndTests()
    {
        _prospects = _ws.Write("prospects.csv", CampaignFixture.Prospects);
        _groups = _ws.Write("groups.csv", CampaignFixture.Groups);
        _feedback = _ws.Write("feedback.csv", CampaignFixture.Feedback);
    }

    public void Dispose() => _ws.Dispose();

    private void RunFiveSteps()
    {
        Assert.Equal("1\n", _ws.CampaignOk("create", "--name", "Spring push", "--budget", "20000", "--starts", "2026-03-01", "--ends", "2026-04-30").Stdout);
        Assert.Equal("added 9, skipped 0 (matched 9)\n", _ws.CampaignOk("select", "--campaign", "1", "--prospects", _prospects, "--min-share", "0.1").Stdout);
        Assert.Equal(
            "assigned 6, unassigned 3\n" +
            "unassigned 13800000007: manager alice at capacity\n" +
            "unassigned 13800000008: manager bob at capacity\n" +
            "unassigned 13800000009: manager carol at capacity\n",
            _ws.CampaignOk("assign", "--campaign", "1", "--groups", _groups, "--strategy", "account-manager", "--capacity", "2").Stdout);
        Assert.Equal("changed 8, unchanged 0\n", _ws.CampaignOk("feedback", "--campaign", "1", "--file", _feedback).Stdout);
    }

    [Fact]
    public void Json_report_matches_the_hand_computed_figures()
    {
        RunFiveSteps();
        using var json = JsonDocument.Parse(_ws.CampaignOk("report", "--campaign", "1", "--json").Stdout);
        var root = json.RootElement;

        // Whole campaign: 9 targets; contacted = won 4 (#1,#3,#5,#8) + lost 2 (#2,#7) + unreachable 1 (#4) = 7.
        AssertFigures(root, targets: 9, contacted: 7, won: 4, conversion: 0.5714m /* 4/7 */,
            revenue: 3000 + 2000 + 800 + 300, cost: 500 + 300 + 400 + 100 + 400 + 50 + 200 + 300,
            revenuePerCost: 2.7111m /* 6100/2250 */);
        Assert.Equal(1, root.GetProperty("campaign").GetProperty("id").GetInt32());
        Assert.Equal(20000m, root.GetProperty("campaign").GetProperty("budget").GetDecimal());

        var managers = root.GetProperty("by_manager").EnumerateArray().ToList();
        Assert.Equal(["alice", "bob", "carol", null], managers.Select(m => m.GetProperty("manager").GetString()));
        AssertFigures(managers[0], 2, 2, 1, 0.5m, 3000, 500 + 300, 3.75m);      // #1 won, #2 lost
        AssertFigures(managers[1], 2, 2, 2, 1m, 2000 + 800, 400 + 400, 3.5m);    // #3, #5 won
        AssertFigures(managers[2], 2, 1, 0, 0m, 0, 100 + 50, 0m);                // #4 unreachable, #6 pending
        AssertFigures(managers[3], 3, 2, 1, 0.5m, 300, 200 + 300, 0.6m);         // #7 lost, #8 won, #9 none

        var bands = root.GetProperty("by_band").EnumerateArray().ToList();
        Assert.Equal(["[0.5,1]", "[0.3,0.5)", "[0.2,0.3)", "[0.1,0.2)", "[0,0.1)"], bands.Select(b => b.GetProperty("band").GetString()));
        AssertFigures(bands[0], 2, 2, 1, 0.5m, 3000, 800, 3.75m);                 // #1, #2
        AssertFigures(bands[1], 2, 2, 1, 0.5m, 2000, 400 + 100, 4m);              // #3, #4
        AssertFigures(bands[2], 3, 2, 1, 0.5m, 800, 400 + 50 + 200, 1.2308m);     // #5, #6, #7: 800/650
        AssertFigures(bands[3], 2, 1, 1, 1m, 300, 300, 1m);                       // #8, #9
        AssertFigures(bands[4], 0, 0, 0, null, 0, 0, null);

        // Cumulative from the top band down, and Δrevenue/Δcost between consecutive cumulative totals.
        AssertCumulative(bands[0], 3000, 800, 3.75m);                  // (3000-0)/(800-0)
        AssertCumulative(bands[1], 5000, 1300, 4m);                    // (5000-3000)/(1300-800)
        AssertCumulative(bands[2], 5800, 1950, 1.2308m);               // (5800-5000)/(1950-1300)
        AssertCumulative(bands[3], 6100, 2250, 1m);                    // (6100-5800)/(2250-1950)
        AssertCumulative(bands[4], 6100, 2250, null);                  // no extra cost
    }

    [Fact]
    public void Plain_report_is_an_aligned_table_with_the_same_figures()
    {
        RunFiveSteps();
        string[] lines = _ws.CampaignOk("report", "--campaign", "1").Lines;
        Assert.Equal("campaign 1: Spring push (open), budget 20000.00, 2026-03-01 to 2026-04-30", lines[0]);
        string[][] cells = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Contains(["campaign", "9", "7", "4", "0.5714", "6100.00", "2250.00", "2.7111"], cells);
        Assert.Contains(["carol", "2", "1", "0", "0.0000", "0.00", "150.00", "0.0000"], cells);
        Assert.Contains(["(unassigned)", "3", "2", "1", "0.5000", "300.00", "500.00", "0.6000"], cells);
        Assert.Contains(["[0.2,0.3)", "3", "2", "1", "0.5000", "800.00", "650.00", "1.2308", "5800.00", "1950.00", "1.2308"], cells);
        Assert.Contains(["[0,0.1)", "0", "0", "0", "-", "0.00", "0.00", "-", "6100.00", "2250.00", "-"], cells);

        // Aligned: every line of a table is as long as its header line.
        int header = Array.FindIndex(lines, l => l.StartsWith("member share", StringComparison.Ordinal));
        Assert.All(lines.Skip(header).Take(6), l => Assert.Equal(lines[header].Length, l.Length));
    }

    [Fact]
    public void Export_list_and_show_reflect_assignment_and_outcome()
    {
        RunFiveSteps();
        string exportPath = _ws.File("targets.csv");
        Assert.Equal($"wrote 9 targets to {exportPath}\n", _ws.CampaignOk("export", "--campaign", "1", "--out", exportPath).Stdout);
        string[] rows = File.ReadAllText(exportPath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("campaign_id,msisdn,group_id,operator,members_contacted,member_share,band,manager,outcome,revenue,cost,note", rows[0]);
        Assert.Equal("1,13800000001,G1,unicom,12,0.6,\"[0.5,1]\",alice,won,3000,500,signed two lines", rows[1]);
        Assert.Equal("1,13800000003,G2,unicom,8,0.4,\"[0.3,0.5)\",bob,won,2000,400,", rows[3]);
        Assert.Equal("1,13800000008,G2,telecom,3,0.15,\"[0.1,0.2)\",,won,300,300,", rows[8]);
        Assert.Equal("1,13800000009,G3,unicom,2,0.11,\"[0.1,0.2)\",,none,0,0,", rows[9]);
        Assert.Equal(10, rows.Length);

        string[] list = _ws.CampaignOk("list").Lines;
        Assert.Equal(["1", "Spring", "push", "open", "2026-03-01", "2026-04-30", "20000.00", "9", "6", "7", "4"],
            list[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));

        string show = _ws.CampaignOk("show", "--campaign", "1", "--audit").Stdout;
        Assert.Contains("targets: 9 (6 assigned)\n", show);
        Assert.Contains("  won: 4\n", show);
        Assert.Contains("  none: 1\n", show);
        string user = string.IsNullOrWhiteSpace(Environment.UserName) ? "unknown" : Environment.UserName;
        // 1 create + 9 add + 6 assign + 8 feedback audit lines, each naming the user.
        var auditLines = show.Split('\n').SkipWhile(l => !l.StartsWith("at ", StringComparison.Ordinal)).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(1 + 9 + 6 + 8, auditLines.Count);
        Assert.All(auditLines, l => Assert.Contains($" {user} ", l));
    }

    [Fact]
    public void A_second_open_campaign_skips_numbers_the_first_holds_and_says_so()
    {
        RunFiveSteps();
        Assert.Equal("2\n", _ws.CampaignOk("create", "--name", "Follow-up").Stdout);
        string[] lines = _ws.CampaignOk("select", "--campaign", "2", "--prospects", _prospects).Lines;
        Assert.Equal("added 1, skipped 9 (matched 10)", lines[0]);
        Assert.Equal("skipped 13800000001: already targeted by open campaign 1", lines[1]);
        Assert.Equal(10, lines.Length);

        // --exclude-won and a branch filter on a fresh campaign after the first one closes.
        _ws.CampaignOk("close", "--campaign", "1");
        _ws.CampaignOk("create", "--name", "North winback");
        // North = G1 and G3: #1, #2, #3 (its G1 row), #4, #6, #7, #9 and 13800000010; won #1 and #3 are out,
        // and 13800000010 has fewer than 2 members.
        Assert.Equal("added 5, skipped 0 (matched 5)\n", _ws.CampaignOk("select", "--campaign", "3", "--prospects", _prospects,
            "--branch", "North", "--groups", _groups, "--exclude-won", "--min-members", "2").Stdout);
        Assert.Equal(
            "assigned 2, unassigned 3\n" +
            "unassigned 13800000006: every manager at capacity\n" +
            "unassigned 13800000007: every manager at capacity\n" +
            "unassigned 13800000009: every manager at capacity\n",
            _ws.CampaignOk("assign", "--campaign", "3", "--strategy", "round-robin", "--managers", "dan,erin", "--capacity", "1").Stdout);
    }

    private static void AssertFigures(JsonElement e, int targets, int contacted, int won, decimal? conversion, decimal revenue, decimal cost, decimal? revenuePerCost)
    {
        Assert.Equal(targets, e.GetProperty("targets").GetInt32());
        Assert.Equal(contacted, e.GetProperty("contacted").GetInt32());
        Assert.Equal(won, e.GetProperty("won").GetInt32());
        Assert.Equal(conversion, Nullable(e.GetProperty("conversion")));
        Assert.Equal(revenue, e.GetProperty("revenue").GetDecimal());
        Assert.Equal(cost, e.GetProperty("cost").GetDecimal());
        Assert.Equal(revenuePerCost, Nullable(e.GetProperty("revenue_per_cost")));
    }

    private static void AssertCumulative(JsonElement band, decimal revenue, decimal cost, decimal? marginal)
    {
        Assert.Equal(revenue, band.GetProperty("cumulative_revenue").GetDecimal());
        Assert.Equal(cost, band.GetProperty("cumulative_cost").GetDecimal());
        Assert.Equal(marginal, Nullable(band.GetProperty("marginal_return")));
    }

    private static decimal? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();
}
