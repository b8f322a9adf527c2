using CallGraph.Rosters;
using CallGraph.Campaigns.Input;
using CallGraph.Ingest;

namespace CallGraph.Campaigns.Tests;

public class InputFileTests
{
    [Fact]
    public void Prospects_are_read_by_header_name_ignoring_unknown_columns_and_normalising_numbers()
    {
        const string csv =
            "extra,member_share,msisdn,group_id,operator,members_contacted,calls\n" +
            "x,0.25,+86 139-0000-0001,G1,unicom,3,10\r\n" +
            "\n" +
            "y,1,13900000002,\"G, 2\",telecom,12,4\n";
        var prospects = ProspectFile.Read(new StringReader(csv), "p.csv");
        Assert.Equal(
        [
            new Prospect("G1", "13900000001", "unicom", 3, 0.25),
            new Prospect("G, 2", "13900000002", "telecom", 12, 1.0),
        ], prospects);
    }

    [Theory]
    [InlineData("G1,139,unicom,3,1.5", 2, 5, "member_share")]
    [InlineData("G1,139,unicom,-3,0.5", 2, 4, "members_contacted")]
    [InlineData("G1,abc,unicom,3,0.5", 2, 2, "not a phone number")]
    [InlineData(",139,unicom,3,0.5", 2, 1, "group_id is empty")]
    public void A_bad_prospect_value_names_file_line_and_column(string row, int line, int column, string reason)
    {
        string csv = "group_id,msisdn,operator,members_contacted,member_share\n" + row + "\n";
        var ex = Assert.Throws<DataException>(() => ProspectFile.Read(new StringReader(csv), "p.csv"));
        Assert.Equal(("p.csv", line, column), (ex.Source, (int)ex.Line, ex.Column));
        Assert.Contains(reason, ex.Reason);
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        var ex = Assert.Throws<DataException>(() => ProspectFile.Read(new StringReader("group_id,msisdn,operator\n"), "p.csv"));
        Assert.Contains("members_contacted, member_share", ex.Message);
    }

    [Fact]
    public void Lines_count_across_quoted_multi_line_fields()
    {
        const string csv = "msisdn,outcome,revenue,cost,note\n13900000001,won,10,2,\"two\nlines\"\n13900000002,won,x,2,\n";
        var ex = Assert.Throws<DataException>(() => FeedbackFile.Read(new StringReader(csv), "f.csv"));
        Assert.Equal("f.csv:4:3: revenue 'x' is not an amount from 0 to 1000000000000000 with at most 4 decimals (digits and '.')", ex.Message);
    }

    [Fact]
    public void Feedback_rows_carry_where_their_number_was_read()
    {
        const string csv = "note,msisdn,outcome,revenue,cost\nok,13900000001,WON,1200.50,30\n,13900000002,pending,0,0\n";
        var entries = FeedbackFile.Read(new StringReader(csv), "f.csv");
        Assert.Equal(new FeedbackEntry("13900000001", TargetOutcome.Won, 1200.50m, 30m, "ok", new SourceField("f.csv", 2, 2)), entries[0]);
        Assert.Null(entries[1].Note);
    }

    [Theory]
    [InlineData("13900000001,maybe,0,0", 2, "outcome 'maybe'")]
    [InlineData("13900000001,won,-5,0", 3, "revenue '-5'")]
    [InlineData("13900000001,won,5,1e3", 4, "cost '1e3'")]
    public void Bad_feedback_values_are_refused(string row, int column, string reason)
    {
        var ex = Assert.Throws<DataException>(() => FeedbackFile.Read(new StringReader("msisdn,outcome,revenue,cost\n" + row + "\n"), "f.csv"));
        Assert.Equal((2L, column), (ex.Line, ex.Column));
        Assert.Contains(reason, ex.Reason);
    }

    [Fact]
    public void Groups_are_keyed_by_id_with_an_optional_industry_and_no_repeats()
    {
        var groups = GroupFile.Read(new StringReader("group_id,name,branch,account_manager,industry\nG1,\"Acme, Ltd\",North,alice,logistics\n"), "g.csv");
        Assert.Equal(new GroupInfo("G1", "Acme, Ltd", "North", "alice", "logistics"), groups["G1"]);

        var ex = Assert.Throws<DataException>(() => GroupFile.Read(new StringReader("group_id,name,branch,account_manager\nG1,a,b,c\nG1,a,b,c\n"), "g.csv"));
        Assert.Equal("g.csv:3:1: group G1 already given on line 2", ex.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_not_a_silent_merge()
    {
        var ex = Assert.Throws<DataException>(() => GroupFile.Read(new StringReader("group_id,name,branch,account_manager\nG1,\"Acme,North,alice\n"), "g.csv"));
        Assert.Contains("not closed", ex.Reason);
    }
}
