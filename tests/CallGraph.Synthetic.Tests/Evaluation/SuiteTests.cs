using CallGraph.Evaluation;

namespace CallGraph.Synthetic.Tests.Evaluation;

public class SuiteTests
{
    [Fact]
    public void A_tiny_suite_run_prints_a_row_per_world_with_the_expected_columns()
    {
        string work = Path.Combine(Path.GetTempPath(), "callgraph-suite-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var rows = EvaluationSuite.Run(new SuiteOptions
            {
                Seeds = new ulong[] { 4 },
                Cdrs = 20_000,
                WorkDirectory = work,
                Worlds = new[] { "baseline", EvaluationSuite.EmailWorld },
                SharedData = Path.Combine(work, "nowhere"),
            });
            Assert.Equal(2, rows.Count);
            Assert.Null(rows[0].Note);
            Assert.True(rows[0].ScoredGroups > 0);
            Assert.Equal("data not found", rows[1].Note);
            Assert.Contains(rows[0].SignalRocAuc, s => s.Key == "colleagues_reached");
            // The held-out weight fit: at most the sample, measured on other members than it was fitted on.
            var labels = rows[0].Labels;
            Assert.NotNull(labels);
            Assert.InRange(labels.Labelled, 1, HeldOutLabels.DefaultSample);
            Assert.True(labels.HeldOutMembers > 0);
            Assert.Null(rows[1].Labels);

            var table = EvaluationSuite.Markdown(rows).Split('\n');
            var header = table[0];
            foreach (var column in new[] { "world", "seed", "scored groups", "fake P", "fake R", "fake F1", "fake AUC", "AUC colleagues_reached", "AUC inside_share",
                         "AUC default (held-out)", "AUC fitted (held-out)", "hand rule F1", "missing", "extra", "share MAE", "mean-share MAE", "k", "R²", "interval coverage" })
                Assert.Contains("| " + column, header, StringComparison.Ordinal);
            Assert.Contains(table, l => l.StartsWith("| baseline | 4 | ", StringComparison.Ordinal));
            Assert.Contains(table, l => l.StartsWith("| email-eu-core | 4 | data not found", StringComparison.Ordinal));
            int columns = header.Count(c => c == '|');
            Assert.Equal(columns, table.First(l => l.StartsWith("| baseline | 4 |", StringComparison.Ordinal)).Count(c => c == '|'));
            Assert.Contains(table, l => l.StartsWith("| world (mean over seeds)", StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(work, "baseline-4")), "worlds are removed unless kept");
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static Func<string, TextReader?> Files(Dictionary<string, string> files) =>
        name => files.TryGetValue(name, out var text) ? new StringReader(text) : null;

    [Fact]
    public void Every_numeric_column_of_members_csv_is_a_signal_read_by_name_and_ties_get_half_credit()
    {
        var truth = new Dictionary<string, string>
        {
            ["truth_members.csv"] = "group_id,msisdn,label,kind\nG1,13900000001,genuine,employee\nG1,13900000002,genuine,employee\nG1,13900000003,fake,dormant\nG1,13900000004,fake,outsider\n",
            ["truth_groups.csv"] = "group_id,true_market_share\nG1,0.5000\nG2,0.9000\n",
        };
        var results = new Dictionary<string, string>
        {
            // new_signal ranks perfectly, flat is one value for all, backwards ranks fakes higher, colleagues_reached decides the hand rule.
            ["members.csv"] = "group_id,msisdn,verdict,score,new_signal,flat,backwards,colleagues_reached,colleagues,reasons\n" +
                              "G1,13900000001,genuine,0.9,5,1,0,3,3,x\nG1,13900000002,fake,0.3,4,1,1,1,3,x\nG1,13900000003,fake,0.1,0,1,2,0,3,x\nG1,13900000004,genuine,0.6,1,1,3,2,3,x\n",
            ["groups.csv"] = "group_id,scored,market_share,market_share_low,market_share_high\nG1,true,0.6000,0.4,0.7\nG2,true,0.7000,0.75,0.8\n",
            ["prospects.csv"] = "group_id,msisdn\nG1,18600000001\n",
        };
        var row = SuiteEvaluation.Score("w", "1", Files(truth), Files(results), new[] { ("G1", "18600000001"), ("G1", "18600000002") });
        var auc = row.SignalRocAuc.ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal(new[] { "new_signal", "flat", "backwards", "colleagues_reached" }, row.SignalRocAuc.Select(s => s.Key));
        Assert.Equal(1.0, auc["new_signal"]);
        Assert.Equal(0.5, auc["flat"]);
        Assert.Equal(0.0, auc["backwards"]);
        Assert.Equal(0.75, row.FakeRocAuc); // genuine 0.9, 0.3 against fake 0.1, 0.6: 3 of 4 pairs
        Assert.Equal((1, 1, 1), (row.Fake!.TruePositives, row.Fake.FalsePositives, row.Fake.FalseNegatives));
        Assert.Equal((1, 1, 1), (row.HandRule!.TruePositives, row.HandRule.FalsePositives, row.HandRule.FalseNegatives));
        Assert.Equal((1, 0), (row.ProspectsMissing!.Value, row.ProspectsExtra!.Value));
        Assert.Equal(2, row.ShareGroups);
        Assert.Equal(0.15, row.ShareMae!.Value, 4); // |0.6-0.5| and |0.7-0.9|
        Assert.Equal(0.2, row.MeanShareMae!.Value, 4); // mean truth 0.7
        Assert.Equal(0.5, row.IntervalCoverage); // G1's interval holds 0.5, G2's misses 0.9
        Assert.Null(row.CalibrationK);
    }
}
