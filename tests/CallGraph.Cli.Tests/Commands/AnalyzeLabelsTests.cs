using System.Globalization;
using CallGraph.Calibration;
using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Commands;

/// <summary><c>analyze --labels</c> and <c>--weights</c> on small generated worlds.</summary>
public sealed class AnalyzeLabelsTests : CliTestFolder
{
    public AnalyzeLabelsTests() : base("callgraph-labels-") { }

    private string World(int cdrs, int seed)
    {
        string dir = Path.Combine(Root, $"world-{cdrs}-{seed}");
        var r = Run("generate", "--out", dir, "--cdrs", cdrs.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture));
        Assert.True(r.Code == 0, r.Err);
        return dir;
    }

    /// <summary>A labels file from the world's truth: every <paramref name="every"/>-th line, as an account manager's check would be.</summary>
    private string LabelsFromTruth(string world, int every)
    {
        var truth = File.ReadAllLines(Path.Combine(world, "truth_members.csv"));
        var lines = truth.Skip(1).Where((_, i) => i % every == 0).Select(l => string.Join(',', l.Split(',').Take(3)));
        string path = Path.Combine(Root, "labels.csv");
        File.WriteAllLines(path, lines.Prepend("group_id,msisdn,label"));
        return path;
    }

    [Fact]
    public void Labels_fit_the_weights_write_weights_json_and_say_which_weights_scored_the_run()
    {
        string world = World(200_000, 6);
        string labels = LabelsFromTruth(world, 2);
        string results = Path.Combine(Root, "fitted");
        var a = Run("analyze", "--world", world, "--labels", labels, "--out", results);
        Assert.True(a.Code == 0, a.Err);
        string weightsFile = Path.Combine(results, "weights.json");
        Assert.True(File.Exists(weightsFile));
        var fit = SignalWeightFit.FromJson(File.ReadAllText(weightsFile), weightsFile);
        Assert.True(fit.N > 0);
        var line = a.Out.Split('\n').Single(l => l.StartsWith("weights: ", StringComparison.Ordinal));
        Assert.Contains("cross-validated AUC fitted", line, StringComparison.Ordinal);
        Assert.Contains(fit.BeatsDefault ? "scored with the fitted weights" : "scored with the default weights", line, StringComparison.Ordinal);

        // The file is reusable: --weights applies it.
        var b = Run("analyze", "--world", world, "--weights", weightsFile, "--out", Path.Combine(Root, "reused"));
        Assert.True(b.Code == 0, b.Err);
        Assert.False(File.Exists(Path.Combine(Root, "reused", "weights.json")));
        // With the fitted weights applied either way, both runs score alike.
        if (fit.BeatsDefault)
            Assert.Equal(File.ReadAllText(Path.Combine(results, "members.csv")), File.ReadAllText(Path.Combine(Root, "reused", "members.csv")));
    }

    [Fact]
    public void All_weight_on_one_signal_ranks_each_group_by_that_signal_alone()
    {
        string world = World(100_000, 8);
        string weights = Path.Combine(Root, "circle.json");
        Directory.CreateDirectory(Root);
        File.WriteAllText(weights, "{\"weights\": {\"circle\": 1}}");
        string results = Path.Combine(Root, "circle");
        var a = Run("analyze", "--world", world, "--weights", weights, "--out", results);
        Assert.True(a.Code == 0, a.Err);
        var lines = File.ReadAllLines(Path.Combine(results, "members.csv"));
        var header = lines[0].Split(',').ToList();
        int group = header.IndexOf("group_id"), verdict = header.IndexOf("verdict"), score = header.IndexOf("score"), circle = header.IndexOf("shared_circle");
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[verdict] != "unscored")
            .Select(f => (Group: f[group], Score: double.Parse(f[score], CultureInfo.InvariantCulture), Circle: double.Parse(f[circle], CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(rows);
        // Within a group, the credit is the shared circle against the group's median, capped at 1: the score never
        // ranks a member with less shared circle above one with more.
        foreach (var g in rows.GroupBy(r => r.Group))
        {
            var byCircle = g.OrderBy(r => r.Circle).ToList();
            for (int i = 1; i < byCircle.Count; i++)
                if (byCircle[i].Circle > byCircle[i - 1].Circle) Assert.True(byCircle[i].Score >= byCircle[i - 1].Score, $"{g.Key}: {byCircle[i - 1]} then {byCircle[i]}");
                else Assert.Equal(byCircle[i - 1].Score, byCircle[i].Score);
        }
    }

    [Theory]
    [InlineData("fake", 3, "label 'maybe'")]
    [InlineData("unknown", 3, "is not on group")]
    [InlineData("duplicate", 3, "labelled twice")]
    public void A_bad_labels_file_exits_1_naming_file_and_line(string fault, int line, string reason)
    {
        string world = World(20_000, 3);
        var roster = File.ReadLines(Path.Combine(world, "members.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var first = roster[0];
        var firstGroup = roster.Where(r => r[0] == first[0]).Select(r => r[1]).ToHashSet();
        // A number on another group's roster only.
        var elsewhere = roster.First(r => r[0] != first[0] && !firstGroup.Contains(r[1]));
        string good = $"{first[0]},{first[1]},genuine";
        string bad = fault switch
        {
            "fake" => $"{first[0]},{first[1]},maybe",
            "unknown" => $"{first[0]},{elsewhere[1]},fake",
            _ => good,
        };
        string labels = Path.Combine(Root, "labels.csv");
        File.WriteAllLines(labels, new[] { "group_id,msisdn,label", good, bad });
        var a = Run("analyze", "--world", world, "--labels", labels, "--out", Path.Combine(Root, "out"));
        Assert.Equal(1, a.Code);
        Assert.Contains($"{labels}:{line}", a.Err, StringComparison.Ordinal);
        Assert.Contains(reason, a.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Root, "out")), "a failed run writes nothing");
    }

    [Fact]
    public void Labels_and_weights_together_are_a_usage_error_and_a_bad_weights_file_exits_1()
    {
        string world = World(20_000, 3);
        Directory.CreateDirectory(Root);
        string weights = Path.Combine(Root, "bad.json");
        File.WriteAllText(weights, "{\"weights\": {\"ties\": -1}}");
        string labels = Path.Combine(Root, "labels.csv");
        File.WriteAllText(labels, "group_id,msisdn,label\n");
        Assert.Equal(2, Run("analyze", "--world", world, "--labels", labels, "--weights", weights, "--out", Path.Combine(Root, "o1")).Code);
        var a = Run("analyze", "--world", world, "--weights", weights, "--out", Path.Combine(Root, "o2"));
        Assert.Equal(1, a.Code);
        Assert.Contains(weights, a.Err, StringComparison.Ordinal);
        Assert.Contains("negative", a.Err, StringComparison.Ordinal);
    }
}
