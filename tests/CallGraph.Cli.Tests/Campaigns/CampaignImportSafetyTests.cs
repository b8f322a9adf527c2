namespace CallGraph.Cli.Tests.Campaigns;

/// <summary>Imports are one transaction, idempotent, and clear about what is wrong; usage mistakes exit 2.</summary>
public sealed class CampaignImportSafetyTests : IDisposable
{
    private readonly CampaignWorkspace _ws = new();
    private readonly string _feedback;

    public CampaignImportSafetyTests()
    {
        _ws.CampaignOk("create", "--name", "Spring push");
        _ws.CampaignOk("select", "--campaign", "1", "--prospects", _ws.Write("prospects.csv", CampaignFixture.Prospects), "--min-share", "0.1");
        _feedback = _ws.Write("feedback.csv", CampaignFixture.Feedback);
    }

    public void Dispose() => _ws.Dispose();

    /// <summary>Everything a change could touch: every target's state and the audit trail.</summary>
    private string Snapshot()
    {
        string export = _ws.File("snapshot.csv");
        _ws.CampaignOk("export", "--campaign", "1", "--out", export);
        return File.ReadAllText(export) + _ws.CampaignOk("show", "--campaign", "1", "--audit").Stdout;
    }

    [Fact]
    public void A_file_with_one_unknown_target_changes_nothing_and_names_the_row()
    {
        _ws.CampaignOk("feedback", "--campaign", "1", "--msisdn", "13800000009", "--outcome", "pending", "--revenue", "0", "--cost", "5");
        string before = Snapshot();
        string bad = _ws.Write("bad.csv", "msisdn,outcome,revenue,cost\n13800000001,won,10,1\n13800000002,won,10,1\n13899999999,won,10,1\n");
        var result = _ws.Campaign("feedback", "--campaign", "1", "--file", bad);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"callgraph: {bad}:4:1: campaign 1 has no target 13899999999\n", result.Stderr.Replace("\r\n", "\n"));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_file_with_one_bad_value_changes_nothing_and_names_line_and_column()
    {
        string before = Snapshot();
        string bad = _ws.Write("bad.csv", "msisdn,outcome,revenue,cost\n13800000001,won,10,1\n13800000002,won,ten,1\n");
        var result = _ws.Campaign("feedback", "--campaign", "1", "--file", bad);
        Assert.Equal((1, $"callgraph: {bad}:3:3: revenue 'ten' is not an amount from 0 to 1000000000000000 with at most 4 decimals (digits and '.')"), (result.ExitCode, result.Stderr.Trim()));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Importing_the_same_file_again_changes_nothing()
    {
        Assert.Equal("changed 8, unchanged 0\n", _ws.CampaignOk("feedback", "--campaign", "1", "--file", _feedback).Stdout);
        string once = Snapshot();
        Assert.Equal("changed 0, unchanged 8\n", _ws.CampaignOk("feedback", "--campaign", "1", "--file", _feedback).Stdout);
        Assert.Equal(once, Snapshot());
    }

    [Fact]
    public void Unknown_campaigns_and_targets_are_clear_errors()
    {
        foreach (string[] args in new[]
        {
            new[] { "report", "--campaign", "42" },
            ["feedback", "--campaign", "42", "--file", _feedback],
            ["select", "--campaign", "42", "--prospects", _ws.File("prospects.csv")],
            ["show", "--campaign", "42"],
        })
        {
            var result = _ws.Campaign(args);
            Assert.Equal((1, "callgraph: no campaign 42 in the store"), (result.ExitCode, result.Stderr.Trim()));
        }
        var target = _ws.Campaign("feedback", "--campaign", "1", "--msisdn", "13800000099", "--outcome", "won", "--revenue", "1", "--cost", "1");
        Assert.Equal((1, "callgraph: campaign 1 has no target 13800000099"), (target.ExitCode, target.Stderr.Trim()));
        var missing = _ws.Campaign("feedback", "--campaign", "1", "--file", _ws.File("nope.csv"));
        Assert.Equal(1, missing.ExitCode);

        string typo = _ws.File("typo.db");
        var noStore = new StringWriter();
        Assert.Equal(1, CliApp.Run(["campaign", "list", "--db", typo], new StringWriter(), noStore));
        Assert.Contains("no campaign store here", noStore.ToString());
        Assert.False(File.Exists(typo));
    }

    [Theory]
    [InlineData("select", "--campaign", "1", "--prospects", "prospects.csv", "--branch", "North")]
    [InlineData("select", "--campaign", "1", "--prospects", "prospects.csv", "--min-share", "1.5")]
    [InlineData("assign", "--campaign", "1", "--strategy", "sideways", "--managers", "a")]
    [InlineData("assign", "--campaign", "1", "--strategy", "account-manager")]
    [InlineData("feedback", "--campaign", "1", "--file", "feedback.csv", "--msisdn", "13800000001")]
    [InlineData("feedback", "--campaign", "1", "--msisdn", "13800000001", "--outcome", "won")]
    [InlineData("create", "--name", "x", "--starts", "2026-13-01")]
    [InlineData("create", "--name", "x", "--starts", "2026-03-02", "--ends", "2026-03-01")]
    [InlineData("report")]
    public void Usage_mistakes_exit_2(params string[] args)
    {
        string[] resolved = args.Select(a => a.EndsWith(".csv", StringComparison.Ordinal) ? _ws.File(a) : a).ToArray();
        Assert.Equal(2, _ws.Campaign(resolved).ExitCode);
    }

    [Fact]
    public void One_target_at_a_time_with_a_note()
    {
        Assert.Equal("changed 1, unchanged 0\n",
            _ws.CampaignOk("feedback", "--campaign", "1", "--msisdn", "+8613800000009", "--outcome", "won", "--revenue", "99.5", "--cost", "10", "--note", "walk-in").Stdout);
        string export = _ws.File("t.csv");
        _ws.CampaignOk("export", "--campaign", "1", "--out", export);
        Assert.Contains("1,13800000009,G3,unicom,2,0.11,\"[0.1,0.2)\",,won,99.5,10,walk-in\n", File.ReadAllText(export));
    }
}
