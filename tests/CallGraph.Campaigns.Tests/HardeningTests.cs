using CallGraph.Campaigns.Input;
using CallGraph.Campaigns.Reporting;
using CallGraph.Ingest;

namespace CallGraph.Campaigns.Tests;

/// <summary>Odd values, oversized amounts, control characters and formulas: each refused or made harmless.</summary>
public sealed class HardeningTests : IDisposable
{
    private const string Analyst = "analyst";
    private readonly StoreFixture _fixture = new();

    private CampaignWorkflow Workflow => _fixture.Workflow;

    public void Dispose() => _fixture.Dispose();

    private long CampaignWithTargets(params string[] numbers)
    {
        long id = Workflow.Create(new CampaignDraft("c"), Analyst).Id;
        Workflow.Select(id, numbers.Select(n => new Prospect("G1", n, "unicom", 3, 0.3)), new TargetCriteria(), Analyst);
        return id;
    }

    private (string Targets, int Audit) State(long id) =>
        (string.Join("|", Workflow.GetTargets(id)), Workflow.GetAudit(id).Count);

    // --- C5: member_share that is not a share -------------------------------------------------------

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("∞")]
    [InlineData("1e400")]
    [InlineData("1.0000001")]
    [InlineData("-0.1")]
    public void A_member_share_that_is_not_between_0_and_1_names_file_line_and_column(string share)
    {
        string csv = "group_id,msisdn,operator,members_contacted,member_share\nG1,13900000001,unicom,3,0.5\nG1,13900000002,unicom,3," + share + "\n";
        var ex = Assert.Throws<DataException>(() => ProspectFile.Read(new StringReader(csv), "p.csv"));
        Assert.Equal($"p.csv:3:5: member_share '{share}' is not a decimal between 0 and 1", ex.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    public void The_workflow_refuses_a_prospect_whose_share_is_not_a_share_and_changes_nothing(double share)
    {
        long id = CampaignWithTargets("13900000001");
        var before = State(id);
        var ex = Assert.Throws<CampaignException>(() => Workflow.Select(id,
            [new Prospect("G1", "13900000002", "unicom", 3, 0.4), new Prospect("G1", "13900000003", "unicom", 3, share)], new TargetCriteria(), Analyst));
        Assert.Contains("13900000003", ex.Message);
        Assert.Equal(before, State(id));
    }

    // --- C6: amounts bounded on input, report sums checked ------------------------------------------

    [Theory]
    [InlineData("1000000000000000", true)]
    [InlineData("999999999999999.9999", true)]
    [InlineData("1.50000000", true)]
    [InlineData("0", true)]
    [InlineData("1000000000000000.0001", false)]
    [InlineData("79228162514264337593543950335", false)]
    [InlineData("0.00001", false)]
    [InlineData("-1", false)]
    public void Amounts_are_bounded_to_10_to_the_15_with_4_decimals(string text, bool accepted)
    {
        Assert.Equal(accepted, Amounts.TryParse(text, out _));
    }

    [Fact]
    public void The_workflow_refuses_feedback_above_the_maximum_and_changes_nothing()
    {
        long id = CampaignWithTargets("13900000001", "13900000002");
        var before = State(id);
        var ex = Assert.Throws<CampaignException>(() => Workflow.RecordFeedback(id,
        [
            new FeedbackEntry("13900000001", TargetOutcome.Won, 10m, 1m),
            new FeedbackEntry("13900000002", TargetOutcome.Won, decimal.MaxValue, 1m),
        ], Analyst));
        Assert.Contains("revenue 79228162514264337593543950335 is not an amount from 0 to 1000000000000000", ex.Message);
        Assert.Equal(before, State(id));
        Assert.Throws<CampaignException>(() => Workflow.Create(new CampaignDraft("big", Budget: Amounts.Max + 1), Analyst));
    }

    [Fact]
    public void A_report_at_the_largest_amounts_computes_its_sums_and_ratios()
    {
        string[] numbers = Enumerable.Range(1, 5).Select(i => "1390000000" + i).ToArray();
        long id = CampaignWithTargets(numbers);
        Workflow.RecordFeedback(id, numbers.Select(n => new FeedbackEntry(n, TargetOutcome.Won, Amounts.Max, 0.0001m)).ToList(), Analyst);
        var report = Workflow.Report(id);
        Assert.Equal(5 * Amounts.Max, report.Total.Revenue);
        Assert.Equal(Amounts.Max / 0.0001m, report.Total.RevenuePerCost);
    }

    [Fact]
    public void A_store_holding_amounts_from_before_the_bound_gives_a_clear_report_error_and_can_be_corrected()
    {
        long id = CampaignWithTargets("13900000001", "13900000002");
        // Written around the workflow, as a store from before the bound holds them.
        _fixture.Store.Write(w =>
        {
            w.SetOutcome(id, "13900000001", TargetOutcome.Won, decimal.MaxValue, 0m, null);
            w.SetOutcome(id, "13900000002", TargetOutcome.Won, decimal.MaxValue, 0m, null);
            return 0;
        });
        var ex = Assert.Throws<CampaignException>(() => Workflow.Report(id));
        Assert.Equal($"campaign {id}: the report's sums are too large to compute: targets 13900000001, 13900000002 " +
            "(amounts above 1000000000000000); record corrected feedback for them", ex.Message);

        Workflow.RecordFeedback(id,
        [
            new FeedbackEntry("13900000001", TargetOutcome.Won, 100m, 10m),
            new FeedbackEntry("13900000002", TargetOutcome.Won, 50m, 10m),
        ], Analyst);
        Assert.Equal(150m, Workflow.Report(id).Total.Revenue);
    }

    // --- S4: control characters in names and notes --------------------------------------------------

    [Theory]
    [InlineData("spring\n2  forged  open")]
    [InlineData("spring\r")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("esc\u001b[31m")]
    public void A_campaign_name_with_a_control_character_is_refused(string name)
    {
        var ex = Assert.Throws<CampaignException>(() => Workflow.Create(new CampaignDraft(name), Analyst));
        Assert.Contains("control characters", ex.Message);
        Assert.Empty(Workflow.List());
    }

    [Fact]
    public void A_value_quoted_in_an_error_message_stays_on_one_line()
    {
        const string csv = "msisdn,outcome,revenue,cost\n\"1380\n\u001b[2J\",won,1,1\n";
        var ex = Assert.Throws<DataException>(() => FeedbackFile.Read(new StringReader(csv), "f.csv"));
        Assert.StartsWith(@"f.csv:2:1: '1380\n\u001b[2J' is not a phone number", ex.Message);
        var longValue = Assert.Throws<DataException>(() => FeedbackFile.Read(new StringReader("msisdn,outcome,revenue,cost\n13800000001,won," + new string('9', 5000) + ",1\n"), "f.csv"));
        Assert.Equal($"f.csv:2:3: revenue '{new string('9', 60)}…' is not {Amounts.Expected}", longValue.Message);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("t\tx", @"t\tx")]
    [InlineData("esc\u001b[2J", @"esc\u001b[2J")]
    [InlineData("nel\u0085 ls\u2028", @"nel\u0085 ls\u2028")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("分公司", "分公司")]
    public void Display_text_escapes_control_characters(string text, string shown)
    {
        Assert.Equal(shown, DisplayText.Escape(text));
    }

    [Fact]
    public void A_text_table_keeps_one_line_per_row_whatever_the_cells_hold()
    {
        var output = new StringWriter();
        TextTable.Write(output, ["id", "note"], [["1", "first\n2  forged"], ["3", "third\r\n4  forged"]]);
        Assert.Equal(["id  note", @" 1  first\n2  forged", @" 3  third\r\n4  forged", ""], output.ToString().Split('\n'));
    }

    [Fact]
    public void A_report_header_shows_a_stored_line_break_escaped()
    {
        var campaign = new Campaign(1, "spring\ncampaign 2: forged", null, null, null, CampaignStatus.Open, StoreFixture.Now, "t");
        var output = new StringWriter();
        CampaignReportWriter.WriteText(CampaignReporter.Build(campaign, [], ShareBands.Default), output);
        Assert.StartsWith("campaign 1: spring\\ncampaign 2: forged (open)\n\n", output.ToString());
    }

    // --- S2: formulas in exported CSV ----------------------------------------------------------------

    [Fact]
    public void Exported_text_fields_that_start_a_formula_are_neutralised_and_notes_read_back_as_they_were()
    {
        string[] payloads = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "'=already", "plain"];
        var targets = payloads.Select((p, i) => new Target(1, "1390000000" + i, p, p, 3, 0.3, p, TargetOutcome.Lost, 0m, 0m, p)).ToList();
        var output = new StringWriter();
        TargetExport.Write(output, targets);

        var rows = CallGraph.Csv.CsvTable.Records(new StringReader(output.ToString()), "export.csv").Select(r => r.Fields).Skip(1).ToList(); // after the header
        Assert.Equal(payloads.Length, rows.Count);
        foreach (var (payload, row) in payloads.Zip(rows))
        {
            string expected = payload == "plain" ? "plain" : "'" + payload;
            // group_id, operator, manager, note
            Assert.Equal([expected, expected, expected, expected], new[] { row[2], row[3], row[7], row[11] });
        }

        var feedback = FeedbackFile.Read(new StringReader(output.ToString()), "export.csv");
        Assert.Equal(payloads, feedback.Select(f => f.Note));
    }
}
