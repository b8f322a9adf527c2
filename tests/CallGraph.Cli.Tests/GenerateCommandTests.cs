using CallGraph.Cli;

namespace CallGraph.Cli.Tests;

public class GenerateCommandTests
{
    [Fact]
    public void Generate_writes_a_world_into_the_directory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "callgraph-generate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliApp.Run(new[] { "generate", "--out", dir, "--cdrs", "3000", "--seed", "9", "--gzip", "--months", "2" }, stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            foreach (var name in new[] { "cdr.csv.gz", "members.csv", "groups.csv", "survey.csv", "prefixes.csv", "world.json", "truth_members.csv",
                         "truth_competitors.csv", "truth_potential_members.csv", "truth_groups.csv", "truth_group_months.csv", "truth_migrations.csv" })
                Assert.True(File.Exists(Path.Combine(dir, name)), name);
            Assert.Contains("Wrote 3,000 CDR rows", stdout.ToString());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--start", "June")]
    [InlineData("--duplicate-rate", "2")]
    [InlineData("--months", "0")]
    public void Generate_rejects_bad_options_as_usage_errors(string option, string value)
    {
        var stderr = new StringWriter();
        int code = CliApp.Run(new[] { "generate", "--out", Path.GetTempPath(), "--cdrs", "10", "--seed", "1", option, value }, new StringWriter(), stderr);
        Assert.Equal(2, code);
        Assert.StartsWith("callgraph: ", stderr.ToString());
    }
}
