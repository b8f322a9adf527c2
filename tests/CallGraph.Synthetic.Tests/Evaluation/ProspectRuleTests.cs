using System.Text;
using CallGraph.Evaluation;
using CallGraph.Numbers;

namespace CallGraph.Synthetic.Tests.Evaluation;

public class ProspectRuleTests
{
    private static readonly NumberPlan Plan = NumberPlan.Default;

    private static string Member(string group, int i) => group == "G1" ? $"1390000{i:D4}" : $"1380000{i:D4}";

    /// <summary>
    /// G1 has 8 lines, G2 has 20. Off-net numbers: 18600000001 (cucc) reaches 1 of G1 (12.5% > 10%: prospect);
    /// 18900000002 (ctcc) reaches 2 of G2 (exactly 10%: not) and 18900000003 reaches 3 of G2 (prospect), once by
    /// calling in. A fixed line and a hotline reach 4 of G1 (never prospects); an on-net stranger reaches 4 of G1 (not off-net).
    /// </summary>
    private static (string Roster, string Cdrs) TinyWorld()
    {
        var roster = new StringBuilder("group_id,msisdn\n");
        for (int i = 1; i <= 8; i++) roster.Append($"G1,{Member("G1", i)}\n");
        for (int i = 1; i <= 20; i++) roster.Append($"G2,{Member("G2", i)}\n");
        var cdrs = new StringBuilder("caller,callee,start_time,duration_s,type,cell_id\n");
        void Row(string a, string b, string type = "voice") => cdrs.Append($"{a},{b},20260601100000,30,{type},\n");
        Row(Member("G1", 3), "18600000001");
        Row(Member("G1", 3), "18600000001", "sms"); // the same member again: still one
        Row(Member("G2", 1), "18900000002");
        Row("18900000002", Member("G2", 2));
        Row(Member("G2", 5), "18900000003");
        Row(Member("G2", 6), "18900000003");
        Row("18900000003", Member("G2", 7), "sms");
        for (int i = 1; i <= 4; i++)
        {
            Row(Member("G1", i), "02088887777");
            Row("10086", Member("G1", i), "sms");
            Row(Member("G1", i), "13900009999");
        }
        return (roster.ToString(), cdrs.ToString());
    }

    [Fact]
    public void Selects_exactly_the_off_net_numbers_over_10_percent_of_each_roster_whatever_its_size()
    {
        var (roster, cdrs) = TinyWorld();
        var selected = ProspectRule.Select(new StringReader(roster), new StringReader(cdrs), Plan);
        Assert.Equal(new[] { ("G1", "18600000001"), ("G2", "18900000003") }, selected);
    }

    [Fact]
    public void The_threshold_is_strictly_more_than_10_percent()
    {
        Assert.True(ProspectRule.Qualifies(1, 8));
        Assert.False(ProspectRule.Qualifies(2, 20));
        Assert.True(ProspectRule.Qualifies(3, 20));
        Assert.False(ProspectRule.Qualifies(1, 10));
        Assert.True(ProspectRule.Qualifies(1, 5));
    }

    [Fact]
    public void A_number_on_the_same_roster_is_no_prospect_of_that_roster()
    {
        string roster = "group_id,msisdn\nG1,13900000001\nG1,18600000005\n";
        string cdrs = "caller,callee,type\n13900000001,18600000005,voice\n";
        Assert.Empty(ProspectRule.Select(new StringReader(roster), new StringReader(cdrs), Plan));
    }

    [Fact]
    public void Compare_counts_missing_and_extra_and_reads_any_form_of_a_number()
    {
        var rule = new[] { ("G1", "18600000001"), ("G2", "18900000003") };
        var listed = new[] { ("G1", "+8618600000001"), ("G1", "18900000004") };
        Assert.Equal((1, 1), ProspectRule.Compare(rule, listed));
    }
}
