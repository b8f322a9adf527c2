using CallGraph.Engines.Postgres.Tests;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>
/// <c>analyze --engine postgres --connection … --cdr-table …</c> end to end: a generated world's CDRs copied into a
/// table give the files the in-process run writes from the world's cdr.csv, byte for byte (summary.json included).
/// </summary>
public sealed class PostgresEngineCommandTests : CliTestFolder
{
    public PostgresEngineCommandTests() : base("callgraph-postgres-") { }

    private string P(string name) => Path.Combine(Root, name);

    [PostgresFact]
    public void A_world_in_a_table_gives_the_in_process_outputs()
    {
        string world = P("world");
        var g = Run("generate", "--out", world, "--cdrs", "20000", "--seed", "41", "--duplicate-rate", "0.01");
        Assert.True(g.Code == 0, g.Err);
        var lines = File.ReadAllLines(Path.Combine(world, "cdr.csv"));
        using var schema = new ScratchSchema();
        schema.CreateTextTable("cdr_june", lines[0].Split(','));
        schema.CopyCsv("cdr_june", lines.Skip(1).Where(l => l.Length > 0));

        var a = Run("analyze", "--world", world, "--out", P("out-inprocess"));
        Assert.True(a.Code == 0, a.Err);
        var b = Run("analyze", "--world", world, "--out", P("out-postgres"), "--engine", "postgres", "--connection", schema.ConnectionString, "--cdr-table", schema.Name + ".cdr_june");
        Assert.True(b.Code == 0, b.Err);

        AssertSameOutputs(P("out-inprocess"), P("out-postgres"));
        Assert.Contains("\"duplicates\": ", File.ReadAllText(P("out-postgres/summary.json")));
    }

    [Theory]
    [InlineData("--engine postgres --cdr-table cdr", "--connection")]
    [InlineData("--engine postgres --connection Host=nowhere", "--cdr-table")]
    [InlineData("--engine postgres --connection Host=nowhere --cdr-table cdr --cdr CDR", "--cdr")]
    [InlineData("--connection Host=nowhere --cdr-table cdr", "--engine postgres")]
    [InlineData("--engine duckdb --cdr-table cdr", "--engine postgres")]
    public void Missing_or_misplaced_postgres_options_are_one_line_usage_errors(string options, string named)
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "2000", "--seed", "42").Code);
        var args = options.Split(' ').Select(a => a == "CDR" ? Path.Combine(world, "cdr.csv") : a);
        var r = Run(["analyze", "--world", world, "--out", P("out"), .. args]);
        Assert.Equal(2, r.Code);
        Assert.Contains(named, r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void An_unreachable_server_is_one_line_naming_postgres()
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "2000", "--seed", "43").Code);
        // A unix socket folder that does not exist: the connection fails at once, without a network wait.
        string missing = P("no-server");
        var r = Run("analyze", "--world", world, "--out", P("out"), "--engine", "postgres", "--connection", $"Host={missing};Port=5432;Username=x;Database=x;Timeout=2", "--cdr-table", "cdr");
        Assert.Equal(1, r.Code);
        Assert.Contains("postgres: ", r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }
}
