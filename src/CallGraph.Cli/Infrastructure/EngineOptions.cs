using System.CommandLine;
using CallGraph.Aggregation;
using CallGraph.Engines.DuckDb;
using CallGraph.Numbers;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// <c>--engine</c> and its settings: where the CDRs are read and aggregated. <c>inprocess</c> (the default) is the
/// library's own reader; any other name is an <see cref="IAggregationEngine"/> made by <see cref="Create"/>. A new
/// engine is one more entry in <see cref="Names"/>, its options here, and one more case in <see cref="Create"/>.
/// </summary>
internal sealed class EngineOptions
{
    /// <summary>The in-process reader's name.</summary>
    public const string InProcess = "inprocess";

    /// <summary>The engines <c>--engine</c> accepts.</summary>
    public static readonly string[] Names = [InProcess, "duckdb"];

    public Option<string> Engine { get; } = new Option<string>("--engine")
    {
        Description = "Where the CDRs are aggregated: inprocess (the built-in reader), or duckdb (an embedded DuckDB scans the --cdr files; no reject file, no --period).",
        DefaultValueFactory = _ => InProcess,
    }.AcceptOnlyFromAmong(Names);

    public Option<string> DuckDbMemory { get; } = new("--duckdb-memory")
    {
        Description = "With --engine duckdb: DuckDB's memory limit (e.g. 1GB); past it DuckDB spills to a temporary folder.",
        DefaultValueFactory = _ => DuckDbEngineOptions.DefaultMemoryLimit,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Engine);
        command.Options.Add(DuckDbMemory);
    }

    /// <summary>
    /// The engine the command line asks for, or null for the in-process reader. Options the engine cannot honour are
    /// usage errors, named in one line.
    /// </summary>
    /// <param name="parse">The command line.</param>
    /// <param name="input">The run's inputs (the CDR sources must be files for an engine that scans them).</param>
    /// <param name="options">The run's options as the command completed them (periods, threads).</param>
    /// <param name="rejectsAsked">True when <c>--rejects</c> was given.</param>
    public IAggregationEngine? Create(ParseResult parse, AnalysisInputOptions.Inputs input, CallGraphOptions options, bool rejectsAsked)
    {
        string name = parse.GetValue(Engine)!;
        if (name == InProcess) return null;
        if (options.Period != PeriodScheme.None) throw new UsageException($"--period needs --engine {InProcess}: the {name} engine aggregates the whole run");
        if (input.Plan.Ids == SubscriberIdKind.Opaque) throw new UsageException($"--ids opaque needs --engine {InProcess}: the {name} engine takes telephone numbers");
        if (rejectsAsked) throw new UsageException($"--rejects needs --engine {InProcess}: the {name} engine counts rejected rows by reason but does not list them");
        var files = new List<string>();
        foreach (var source in input.Cdrs)
        {
            if (!File.Exists(source.Name)) throw new UsageException($"--cdr {source.Name}: the {name} engine reads files, not standard input or pipes");
            files.Add(source.Name);
        }
        return name switch
        {
            "duckdb" => new DuckDbEngine(files, new DuckDbEngineOptions { MemoryLimit = parse.GetValue(DuckDbMemory)!, Threads = options.Reader.Threads }),
            _ => throw new UsageException($"--engine {name} is not known (expected {string.Join(", ", Names)})"),
        };
    }
}
