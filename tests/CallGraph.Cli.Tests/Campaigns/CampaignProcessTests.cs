using System.Globalization;
using System.Text;
using CallGraph.Campaigns;
using CallGraph.Campaigns.Storage;
using CallGraph.Cli.Commands;

namespace CallGraph.Cli.Tests.Campaigns;

/// <summary>Real processes against one store: concurrent importers lose nothing; a killed importer leaves no trace.</summary>
public sealed class CampaignProcessTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly CampaignWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private (IReadOnlyList<Target> Targets, int AuditLines) StoreState(long campaignId)
    {
        using var store = SqliteCampaignStore.Open(_ws.Database);
        var workflow = new CampaignWorkflow(store);
        return (workflow.GetTargets(campaignId), workflow.GetAudit(campaignId).Count);
    }

    private string[] FeedbackArgs(string file) => ["campaign", "feedback", "--campaign", "1", "--file", file, "--db", _ws.Database];

    [Fact]
    public void Two_processes_importing_at_once_lose_nothing()
    {
        // 40 targets; each process reports on its own 20.
        var prospects = new StringBuilder("group_id,msisdn,operator,members_contacted,member_share\n");
        for (int i = 0; i < 40; i++)
            prospects.Append(CultureInfo.InvariantCulture, $"G1,{13700000000 + i},unicom,{10 + i},{(0.11 + i * 0.02).ToString("0.00", CultureInfo.InvariantCulture)}\n");
        _ws.CampaignOk("create", "--name", "busy");
        Assert.Equal("added 40, skipped 0 (matched 40)\n", _ws.CampaignOk("select", "--campaign", "1", "--prospects", _ws.Write("p.csv", prospects.ToString())).Stdout);
        string FeedbackFor(int from) =>
            "msisdn,outcome,revenue,cost\n" + string.Concat(Enumerable.Range(from, 20).Select(i =>
                $"{13700000000 + i},{(i % 2 == 0 ? "won" : "lost")},{i * 10},{i}\n"));
        string first = _ws.Write("first.csv", FeedbackFor(0));
        string second = _ws.Write("second.csv", FeedbackFor(20));

        // Each importer sleeps inside its transaction, so whichever starts second must wait for the lock.
        var pause = new Dictionary<string, string> { [CampaignFeedbackCommand.PauseVariable] = "400" };
        using var a = CliProcess.Start(pause, FeedbackArgs(first));
        using var b = CliProcess.Start(pause, FeedbackArgs(second));
        var resultA = a.WaitForExit(ProcessTimeout);
        var resultB = b.WaitForExit(ProcessTimeout);
        Assert.True(resultA.ExitCode == 0, resultA.Stderr);
        Assert.True(resultB.ExitCode == 0, resultB.Stderr);
        Assert.Equal("changed 20, unchanged 0\n", resultA.Stdout);
        Assert.Equal("changed 20, unchanged 0\n", resultB.Stdout);

        var (targets, auditLines) = StoreState(1);
        Assert.Equal(40, targets.Count);
        foreach (var t in targets)
        {
            int i = (int)(long.Parse(t.Msisdn, CultureInfo.InvariantCulture) - 13700000000);
            Assert.Equal((i % 2 == 0 ? TargetOutcome.Won : TargetOutcome.Lost, i * 10m, (decimal)i), (t.Outcome, t.Revenue, t.Cost));
        }
        Assert.Equal(1 + 40 + 40, auditLines); // create, 40 adds, 40 feedback changes
    }

    [Fact]
    public void A_process_killed_mid_import_leaves_the_store_as_before()
    {
        _ws.CampaignOk("create", "--name", "fragile");
        _ws.CampaignOk("select", "--campaign", "1", "--prospects", _ws.Write("prospects.csv", CampaignFixture.Prospects));
        string feedback = _ws.Write("feedback.csv", CampaignFixture.Feedback);
        var before = StoreState(1);

        var pause = new Dictionary<string, string> { [CampaignFeedbackCommand.PauseVariable] = "60000" };
        using (var importer = CliProcess.Start(pause, FeedbackArgs(feedback)))
        {
            // The marker is printed after two rows were written inside the open transaction.
            Assert.True(importer.WaitForStderr(CampaignFeedbackCommand.PauseVariable, ProcessTimeout), "the importer never reached the pause");
            importer.Kill();
        }

        var after = StoreState(1);
        Assert.Equal(before.Targets, after.Targets);
        Assert.Equal(before.AuditLines, after.AuditLines);

        // The dead writer's lock is gone: the same import now goes through in full.
        Assert.Equal("changed 8, unchanged 0\n", _ws.CampaignOk("feedback", "--campaign", "1", "--file", feedback).Stdout);
    }
}
