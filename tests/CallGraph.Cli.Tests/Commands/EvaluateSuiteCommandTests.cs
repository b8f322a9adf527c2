using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Commands;

/// <summary><c>evaluate --suite</c> and <c>generate --config</c> from the command line.</summary>
public sealed class EvaluateSuiteCommandTests : CliTestFolder
{
    public EvaluateSuiteCommandTests() : base("callgraph-suite-cli-") { }

    [Fact]
    public void Suite_prints_one_markdown_table_and_writes_json()
    {
        string json = Path.Combine(Root, "suite.json");
        Directory.CreateDirectory(Root);
        var r = Run("evaluate", "--suite", "--seeds", "2", "--cdrs", "20000", "--worlds", "no-cells-no-rhythm,email-eu-core",
            "--shared", Path.Combine(Root, "none"), "--json", json);
        Assert.True(r.Code == 0, r.Err);
        var lines = r.Out.Split('\n');
        Assert.StartsWith("| world | seed | scored groups |", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("| no-cells-no-rhythm | 2 | ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| email-eu-core | 2 | data not found", StringComparison.Ordinal));
        Assert.Contains("\"world\": \"no-cells-no-rhythm\"", File.ReadAllText(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Suite_refuses_an_unknown_world_and_a_bad_seed()
    {
        Assert.NotEqual(0, Run("evaluate", "--suite", "--worlds", "nowhere").Code);
        Assert.NotEqual(0, Run("evaluate", "--suite", "--seeds", "x").Code);
        Assert.NotEqual(0, Run("evaluate").Code); // neither --suite nor --truth/--results
    }

    [Fact]
    public void Generate_config_applies_the_named_assumptions()
    {
        string dir = Path.Combine(Root, "w");
        var r = Run("generate", "--out", dir, "--cdrs", "5000", "--seed", "3", "--config", "no-cells-no-rhythm");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("caller,callee,start_time,duration_s,type", File.ReadLines(Path.Combine(dir, "cdr.csv")).First());
        Assert.Contains("\"assumptions\"", File.ReadAllText(Path.Combine(dir, "world.json")), StringComparison.Ordinal);
        Assert.NotEqual(0, Run("generate", "--out", dir, "--cdrs", "5000", "--seed", "3", "--config", "nowhere").Code);
    }
}
