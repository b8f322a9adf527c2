using CallGraph.Engines.ClickHouse.Tests;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>
/// <c>analyze --engine clickhouse --connection URL --cdr-table NAME</c> end to end: a generated world's CDRs spread over
/// the shards of a Distributed table give the files the in-process run writes from the world's cdr.csv, byte for byte.
/// </summary>
public sealed class ClickHouseEngineCommandTests : CliTestFolder
{
    public ClickHouseEngineCommandTests() : base("callgraph-clickhouse-") { }

    private string P(string name) => Path.Combine(Root, name);

    [ClickHouseFact]
    public void A_world_on_a_two_shard_cluster_gives_the_in_process_outputs()
    {
        string world = P("world");
        var g = Run("generate", "--out", world, "--cdrs", "20000", "--seed", "44", "--duplicate-rate", "0.01");
        Assert.True(g.Code == 0, g.Err);
        var lines = File.ReadAllLines(Path.Combine(world, "cdr.csv")).Where(l => l.Length > 0).ToList();
        using var tables = new CdrTables(lines[0].Split(','));
        // Rows alternate between the shards, so a duplicate's two copies usually sit on different servers.
        tables.Load(lines.Skip(1).Select(l => l.Split(',')).ToList(), i => i);

        var a = Run("analyze", "--world", world, "--out", P("out-inprocess"));
        Assert.True(a.Code == 0, a.Err);
        var b = Run("analyze", "--world", world, "--out", P("out-clickhouse"), "--engine", "clickhouse",
            "--connection", ClickHouseServers.Urls[0].ToString(), "--cdr-table", tables.Table);
        Assert.True(b.Code == 0, b.Err);

        AssertSameOutputs(P("out-inprocess"), P("out-clickhouse"), compareSummary: false);
    }

    [Theory]
    [InlineData("--engine clickhouse --cdr-table cdr", "--connection")]
    [InlineData("--engine clickhouse --connection Host=db --cdr-table cdr", "HTTP URL")]
    [InlineData("--engine clickhouse --connection http://localhost:1", "--cdr-table")]
    public void Missing_or_malformed_clickhouse_options_are_one_line_usage_errors(string options, string named)
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "2000", "--seed", "45").Code);
        var r = Run(["analyze", "--world", world, "--out", P("out"), .. options.Split(' ')]);
        Assert.Equal(2, r.Code);
        Assert.Contains(named, r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_a_one_line_error_that_keeps_the_previous_output()
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "2000", "--seed", "46").Code);
        Assert.Equal(0, Run("analyze", "--world", world, "--out", P("out")).Code);
        byte[] before = File.ReadAllBytes(P("out/members.csv"));
        // Nothing listens on the discard port.
        var r = Run("analyze", "--world", world, "--out", P("out"), "--engine", "clickhouse", "--connection", "http://127.0.0.1:9/", "--cdr-table", "cdr");
        Assert.Equal(1, r.Code);
        Assert.Contains("ClickHouse at http://127.0.0.1:9", r.Err);
        Assert.Contains("cannot be reached", r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(P("out/members.csv")));
    }
}
