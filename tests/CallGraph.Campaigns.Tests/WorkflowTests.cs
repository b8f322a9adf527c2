using CallGraph.Rosters;
using CallGraph.Ingest;

namespace CallGraph.Campaigns.Tests;

public sealed class WorkflowTests : IDisposable
{
    private const string Analyst = "analyst";
    private readonly StoreFixture _fixture = new();

    private CampaignWorkflow Workflow => _fixture.Workflow;

    private static readonly Prospect[] Prospects =
    [
        new("G2", "13900000005", "telecom", 5, 0.25),
        new("G1", "13900000001", "unicom", 12, 0.60),
        new("G3", "13900000004", "unicom", 6, 0.25),   // same share as ...05, more members: ahead of it
        new("G1", "13900000003", "unicom", 5, 0.25),   // same share and members as ...05: number decides
        new("G2", "13900000001", "unicom", 4, 0.40),   // the same number around another group: counts once, best row
        new("G3", "13900000002", "telecom", 2, 0.11),
    ];

    private static readonly Dictionary<string, GroupInfo> Groups = new()
    {
        ["G1"] = new("G1", "Acme", "North", "alice", ""),
        ["G2"] = new("G2", "Beta", "South", "bob", ""),
        ["G3"] = new("G3", "Gamma", "north", "", ""),
    };

    public void Dispose() => _fixture.Dispose();

    private long NewCampaign(string name = "spring") => Workflow.Create(new CampaignDraft(name), Analyst).Id;

    [Fact]
    public void Selection_is_ordered_by_share_then_members_then_number_and_each_number_counts_once()
    {
        long id = NewCampaign();
        var result = Workflow.Select(id, Prospects, new TargetCriteria(), Analyst);
        string[] expected = ["13900000001", "13900000004", "13900000003", "13900000005", "13900000002"];
        Assert.Equal(expected, result.Added.Select(t => t.Msisdn));
        Assert.Equal(expected, Workflow.GetTargets(id).Select(t => t.Msisdn));
        Assert.Equal("G1", Workflow.GetTargets(id)[0].GroupId); // the 0.60 row, not the 0.40 one
        Assert.Equal(5, result.Matched);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void Criteria_filter_and_the_limit_caps_what_is_added()
    {
        long id = NewCampaign();
        var limited = Workflow.Select(id, Prospects, new TargetCriteria(MinShare: 0.2, Operator: "UNICOM", Limit: 2), Analyst);
        Assert.Equal(["13900000001", "13900000004"], limited.Added.Select(t => t.Msisdn));
        Assert.Equal(3, limited.Matched); // ...03 matched but the limit was reached

        long byBranch = NewCampaign("north");
        var north = Workflow.Select(byBranch, Prospects, new TargetCriteria(Branch: "NORTH", MinMembers: 5), Analyst, Groups);
        Assert.Equal(["13900000003"], north.Added.Select(t => t.Msisdn));
        Assert.Equal(["13900000001", "13900000004"], north.Skipped.Select(s => s.Msisdn));
        Assert.All(north.Skipped, s => Assert.Equal((SkipReason.InOtherOpenCampaign, id), (s.Reason, s.CampaignId)));
        Assert.Throws<ArgumentException>(() => Workflow.Select(byBranch, Prospects, new TargetCriteria(Branch: "North"), Analyst));
    }

    [Fact]
    public void A_number_in_another_open_campaign_is_skipped_until_that_campaign_closes()
    {
        long first = NewCampaign("first");
        long second = NewCampaign("second");
        Workflow.Select(first, Prospects.Take(2), new TargetCriteria(), Analyst);

        var blocked = Workflow.Select(second, Prospects, new TargetCriteria(), Analyst);
        Assert.Equal(["13900000001", "13900000005"], blocked.Skipped.Select(s => s.Msisdn));
        Assert.Equal(3, blocked.Added.Count);

        var again = Workflow.Select(second, Prospects, new TargetCriteria(), Analyst);
        Assert.Empty(again.Added);
        Assert.Equal(3, again.Skipped.Count(s => s.Reason == SkipReason.AlreadyInCampaign));

        Workflow.Close(first, Analyst);
        var released = Workflow.Select(second, Prospects, new TargetCriteria(), Analyst);
        Assert.Equal(["13900000001", "13900000005"], released.Added.Select(t => t.Msisdn));
        Assert.Throws<CampaignException>(() => Workflow.Select(first, Prospects, new TargetCriteria(), Analyst));
    }

    [Fact]
    public void Exclude_won_leaves_out_numbers_won_in_any_campaign()
    {
        long first = NewCampaign();
        Workflow.Select(first, Prospects, new TargetCriteria(), Analyst);
        Workflow.RecordFeedback(first, [new FeedbackEntry("13900000004", TargetOutcome.Won, 100, 10)], Analyst);
        Workflow.Close(first, Analyst);

        long second = NewCampaign();
        var result = Workflow.Select(second, Prospects, new TargetCriteria(ExcludeWon: true), Analyst);
        Assert.DoesNotContain("13900000004", result.Added.Select(t => t.Msisdn));
        Assert.Equal(4, result.Added.Count);
    }

    [Fact]
    public void Account_manager_strategy_uses_the_groups_manager_and_respects_capacity()
    {
        long id = NewCampaign();
        Workflow.Select(id, Prospects, new TargetCriteria(), Analyst);
        var result = Workflow.Assign(id, new AssignmentPlan(AssignmentStrategy.AccountManager, Capacity: 1), Groups, Analyst);

        // Priority order: ...01 (G1 alice), ...04 (G3 no manager), ...03 (G1 alice, full), ...05 (G2 bob), ...02 (G3 no manager).
        Assert.Equal([new TargetAssignment("13900000001", "alice"), new TargetAssignment("13900000005", "bob")], result.Assigned);
        Assert.Equal(
        [
            new UnassignedTarget("13900000004", UnassignedReason.NoAccountManager, null),
            new UnassignedTarget("13900000003", UnassignedReason.OverCapacity, "alice"),
            new UnassignedTarget("13900000002", UnassignedReason.NoAccountManager, null),
        ], result.Unassigned);

        // A second run only looks at the unassigned; earlier assignments count against capacity.
        var rerun = Workflow.Assign(id, new AssignmentPlan(AssignmentStrategy.AccountManager, Capacity: 2), Groups, Analyst);
        Assert.Equal([new TargetAssignment("13900000003", "alice")], rerun.Assigned);
    }

    [Fact]
    public void Round_robin_deals_in_priority_order_and_skips_full_managers()
    {
        long id = NewCampaign();
        Workflow.Select(id, Prospects, new TargetCriteria(), Analyst);
        var result = Workflow.Assign(id, new AssignmentPlan(AssignmentStrategy.RoundRobin, ["zoe", "amy"], Capacity: 2), null, Analyst);
        Assert.Equal(
        [
            new TargetAssignment("13900000001", "zoe"), new TargetAssignment("13900000004", "amy"),
            new TargetAssignment("13900000003", "zoe"), new TargetAssignment("13900000005", "amy"),
        ], result.Assigned);
        Assert.Equal([new UnassignedTarget("13900000002", UnassignedReason.OverCapacity, null)], result.Unassigned);

        // Without a list, the managers are the groups file's, sorted.
        long other = NewCampaign("other");
        Workflow.Close(id, Analyst);
        Workflow.Select(other, Prospects, new TargetCriteria(), Analyst);
        var fromGroups = Workflow.Assign(other, new AssignmentPlan(AssignmentStrategy.RoundRobin), Groups, Analyst);
        Assert.Equal(["alice", "bob", "alice", "bob", "alice"], fromGroups.Assigned.Select(a => a.Manager));
    }

    [Fact]
    public void Feedback_is_idempotent_and_audited_once_per_real_change()
    {
        long id = NewCampaign();
        Workflow.Select(id, Prospects, new TargetCriteria(), Analyst);
        FeedbackEntry[] entries =
        [
            new("13900000001", TargetOutcome.Won, 1200.50m, 100m, "signed"),
            new("13900000005", TargetOutcome.Lost, 0m, 40m),
        ];
        Assert.Equal(new FeedbackResult(2, 0), Workflow.RecordFeedback(id, entries, "manager1"));
        int auditLines = Workflow.GetAudit(id).Count;

        Assert.Equal(new FeedbackResult(0, 2), Workflow.RecordFeedback(id, entries, "manager1"));
        // 1200.5 is the same amount as 1200.50, and a missing note keeps the stored one.
        Assert.Equal(new FeedbackResult(0, 1), Workflow.RecordFeedback(id, [new("13900000001", TargetOutcome.Won, 1200.5m, 100m)], "manager2"));
        Assert.Equal(auditLines, Workflow.GetAudit(id).Count);

        Assert.Equal(new FeedbackResult(1, 0), Workflow.RecordFeedback(id, [new("13900000005", TargetOutcome.Won, 300m, 40m)], "manager2"));
        var last = Workflow.GetAudit(id)[^1];
        Assert.Equal(("manager2", "target.feedback", "13900000005", StoreFixture.Now), (last.Actor, last.Action, last.Msisdn, last.At));
        Assert.Equal("outcome=won revenue=300 cost=40 (was outcome=lost revenue=0 cost=40)", last.Detail);
        var target = Workflow.GetTargets(id).Single(t => t.Msisdn == "13900000001");
        Assert.Equal((TargetOutcome.Won, 1200.5m, 100m, "signed"), (target.Outcome, target.Revenue, target.Cost, target.Note));
    }

    [Fact]
    public void A_batch_with_one_unknown_target_changes_nothing_and_names_the_row()
    {
        long id = NewCampaign();
        Workflow.Select(id, Prospects, new TargetCriteria(), Analyst);
        var before = (Workflow.GetTargets(id), Workflow.GetAudit(id).Count);
        FeedbackEntry[] entries =
        [
            new("13900000001", TargetOutcome.Won, 10m, 1m, null, new SourceField("f.csv", 2, 1)),
            new("13800000000", TargetOutcome.Won, 10m, 1m, null, new SourceField("f.csv", 3, 1)),
        ];
        var ex = Assert.Throws<DataException>(() => Workflow.RecordFeedback(id, entries, Analyst));
        Assert.Equal($"f.csv:3:1: campaign {id} has no target 13800000000", ex.Message);
        Assert.Equal(before.Item1, Workflow.GetTargets(id));
        Assert.Equal(before.Item2, Workflow.GetAudit(id).Count);

        var single = Assert.Throws<CampaignException>(() => Workflow.RecordFeedback(id, [new("13800000000", TargetOutcome.Won, 1m, 1m)], Analyst));
        Assert.Contains("has no target 13800000000", single.Message);
        Assert.Throws<CampaignNotFoundException>(() => Workflow.RecordFeedback(id + 100, [new("13900000001", TargetOutcome.Won, 1m, 1m)], Analyst));
    }

    [Fact]
    public void The_same_number_twice_in_a_batch_with_different_results_is_refused()
    {
        long id = NewCampaign();
        Workflow.Select(id, Prospects, new TargetCriteria(), Analyst);
        FeedbackEntry[] entries =
        [
            new("13900000001", TargetOutcome.Won, 10m, 1m, null, new SourceField("f.csv", 2, 1)),
            new("13900000001", TargetOutcome.Lost, 0m, 1m, null, new SourceField("f.csv", 5, 1)),
        ];
        var ex = Assert.Throws<DataException>(() => Workflow.RecordFeedback(id, entries, Analyst));
        Assert.Equal("f.csv:5:1: 13900000001 is given again with a different result (first on line 2)", ex.Message);
        Assert.All(Workflow.GetTargets(id), t => Assert.Equal(TargetOutcome.None, t.Outcome));
    }

    [Fact]
    public void Creating_checks_the_draft_and_audits_who_created_it()
    {
        var created = Workflow.Create(new CampaignDraft(" Spring ", 5000m, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30)), "lead");
        Assert.Equal(new Campaign(created.Id, "Spring", 5000m, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30), CampaignStatus.Open, StoreFixture.Now, "lead"), created);
        Assert.Equal("campaign.create", Workflow.GetAudit(created.Id).Single().Action);
        Assert.Throws<CampaignException>(() => Workflow.Create(new CampaignDraft("x", null, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1)), "lead"));
        Assert.Throws<CampaignException>(() => Workflow.Create(new CampaignDraft("  "), "lead"));
        Assert.Throws<ArgumentException>(() => Workflow.Create(new CampaignDraft("x"), " "));
        Assert.Throws<CampaignNotFoundException>(() => Workflow.GetCampaign(999));
    }
}
