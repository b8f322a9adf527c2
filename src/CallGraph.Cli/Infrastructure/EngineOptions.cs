using System.CommandLine;
using CallGraph.Aggregation;
using CallGraph.Engines.ClickHouse;
using CallGraph.Engines.DuckDb;
using CallGraph.Engines.Postgres;
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
    public static readonly string[] Names = [InProcess, "duckdb", Postgres, ClickHouse];

    /// <summary>The PostgreSQL engine's name: it reads a table in the server, not --cdr files.</summary>
    public const string Postgres = "postgres";

    /// <summary>The ClickHouse engine's name: it reads a table (often a Distributed one over a cluster) through the server's HTTP interface.</summary>
    public const string ClickHouse = "clickhouse";

    public Option<string> Engine { get; } = new Option<string>("--engine")
    {
        Description = "Where the CDRs are aggregated: inprocess (the built-in reader), duckdb (an embedded DuckDB scans the --cdr files), postgres (a PostgreSQL/Greenplum server aggregates its --cdr-table) or clickhouse (a ClickHouse server or cluster aggregates its --cdr-table). No reject file and no --period with an engine.",
        DefaultValueFactory = _ => InProcess,
    }.AcceptOnlyFromAmong(Names);

    public Option<string> DuckDbMemory { get; } = new("--duckdb-memory")
    {
        Description = "With --engine duckdb: DuckDB's memory limit (e.g. 1GB); past it DuckDB spills to a temporary folder.",
        DefaultValueFactory = _ => DuckDbEngineOptions.DefaultMemoryLimit,
    };

    /// <summary>
    /// The environment variable that names DuckDB's native library file when <see cref="DuckDbLibrary"/> is not given.
    /// The tool does not ship the library (it would be most of the package's size), so it is found here or in the
    /// system's library path.
    /// </summary>
    public const string DuckDbLibraryVariable = "CALLGRAPH_DUCKDB_LIBRARY";

    public Option<string?> DuckDbLibrary { get; } = new("--duckdb-library")
    {
        Description = $"With --engine duckdb: DuckDB's native library file ({DuckDbNativeLibrary.FileName}, DuckDB {DuckDbNativeLibrary.MinimumVersion.Major}.{DuckDbNativeLibrary.MinimumVersion.Minor} or later). Default: ${DuckDbLibraryVariable}, else the system's library path.",
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "With --engine postgres: the Npgsql connection string, e.g. Host=db;Port=5432;Username=analyst;Database=cdr (leave the password out: PGPASSWORD or ~/.pgpass supply it). With --engine clickhouse: the server's HTTP URL, e.g. http://ch1:8123/?user=analyst&database=cdr.",
    };

    public Option<string?> CdrTable { get; } = new("--cdr-table")
    {
        Description = "With --engine postgres or clickhouse: the table (or view; in ClickHouse often a Distributed table) holding the CDRs, e.g. staging.cdr_2026_06; its columns are mapped like a file's header (--columns).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Engine);
        command.Options.Add(DuckDbMemory);
        command.Options.Add(DuckDbLibrary);
        command.Options.Add(Connection);
        command.Options.Add(CdrTable);
    }

    /// <summary>True when the engine asked for reads its CDRs from a database table rather than from --cdr files.</summary>
    public bool ReadsTable(ParseResult parse) => parse.GetValue(Engine) is Postgres or ClickHouse;

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
        if (name is not (Postgres or ClickHouse) && (parse.GetValue(Connection) is not null || parse.GetValue(CdrTable) is not null))
            throw new UsageException($"--connection and --cdr-table need --engine {Postgres} or {ClickHouse}");
        if (name == InProcess) return null;
        if (options.Period != PeriodScheme.None) throw new UsageException($"--period needs --engine {InProcess}: the {name} engine aggregates the whole run");
        if (input.Plan.Ids == SubscriberIdKind.Opaque) throw new UsageException($"--ids opaque needs --engine {InProcess}: the {name} engine takes telephone numbers");
        if (rejectsAsked) throw new UsageException($"--rejects needs --engine {InProcess}: the {name} engine counts rejected rows by reason but does not list them");
        if (name == Postgres)
        {
            if (parse.GetValue(Connection) is not { Length: > 0 } connection) throw new UsageException("--engine postgres needs --connection (an Npgsql connection string)");
            if (parse.GetValue(CdrTable) is not { Length: > 0 } table) throw new UsageException("--engine postgres needs --cdr-table (the table holding the CDRs)");
            return new PostgresEngine(connection, table);
        }
        if (name == ClickHouse)
        {
            if (parse.GetValue(Connection) is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
                throw new UsageException("--engine clickhouse needs --connection, the server's HTTP URL (e.g. http://localhost:8123)");
            if (parse.GetValue(CdrTable) is not { Length: > 0 } table) throw new UsageException("--engine clickhouse needs --cdr-table (the table holding the CDRs)");
            return new ClickHouseEngine(endpoint, table, options.Reader.Columns);
        }
        var files = new List<string>();
        foreach (var source in input.Cdrs)
        {
            if (!File.Exists(source.Name)) throw new UsageException($"--cdr {source.Name}: the {name} engine reads files, not standard input or pipes");
            files.Add(source.Name);
        }
        if (name == "duckdb") LoadDuckDb(parse.GetValue(DuckDbLibrary) ?? Environment.GetEnvironmentVariable(DuckDbLibraryVariable));
        return name switch
        {
            "duckdb" => new DuckDbEngine(files, new DuckDbEngineOptions { MemoryLimit = parse.GetValue(DuckDbMemory)!, Threads = options.Reader.Threads }),
            _ => throw new UsageException($"--engine {name} is not known (expected {string.Join(", ", Names)})"),
        };
    }

    /// <summary>
    /// Loads DuckDB's native library from <paramref name="path"/> (null or empty: the system's library path), or says in
    /// one line what is missing and how to get it: the tool leaves the library out of its package.
    /// </summary>
    private static void LoadDuckDb(string? path)
    {
        try
        {
            DuckDbNativeLibrary.Load(string.IsNullOrEmpty(path) ? null : path);
        }
        catch (DllNotFoundException ex)
        {
            var minimum = DuckDbNativeLibrary.MinimumVersion;
            throw new UsageException($"--engine duckdb needs DuckDB's native library, which the callgraph tool does not include: {ex.Message}. " +
                $"Download the libduckdb zip for your platform from github.com/duckdb/duckdb/releases (version {minimum.Major}.{minimum.Minor} or later), unzip its {DuckDbNativeLibrary.FileName} " +
                $"and set {DuckDbLibraryVariable} (or --duckdb-library) to that file, or put it in the system's library path");
        }
    }
}
