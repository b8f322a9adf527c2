using System.Text.Json;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>
/// <c>analyze --engine duckdb</c> against the in-process reader: the same world gives byte-identical outputs and the
/// same counts in summary.json. The engine writes no reject file (it counts rejected rows, it does not list them).
/// </summary>
public sealed class DuckDbEngineCommandTests : CliTestFolder
{
    public DuckDbEngineCommandTests() : base("callgraph-duckdb-") { }

    private string P(string name) => Path.Combine(Root, name);

    /// <summary>Runs analyze in-process and with DuckDB on the same arguments; both must succeed.</summary>
    private (string InProcess, string DuckDb) AnalyzeBoth(params string[] args)
    {
        string inProcess = P("out-inprocess"), duckDb = P("out-duckdb");
        var a = Run(["analyze", .. args, "--out", inProcess]);
        Assert.True(a.Code == 0, a.Err);
        var b = Run(["analyze", .. args, "--out", duckDb, "--engine", "duckdb"]);
        Assert.True(b.Code == 0, b.Err);
        return (inProcess, duckDb);
    }

    private static JsonElement Summary(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))).RootElement;

    [Theory]
    [InlineData(20000, 11, false)]
    [InlineData(60000, 12, true)]
    [InlineData(100000, 13, true)]
    public void Generated_world_gives_identical_outputs(int cdrs, int seed, bool gzip)
    {
        string world = P("world");
        var g = Run(["generate", "--out", world, "--cdrs", cdrs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), .. gzip ? new[] { "--gzip" } : []]);
        Assert.True(g.Code == 0, g.Err);
        var (inProcess, duckDb) = AnalyzeBoth("--world", world);
        AssertSameOutputs(inProcess, duckDb);
        Assert.True(Summary(duckDb).GetProperty("pairs").GetInt64() > 0);
    }

    [Fact]
    public void Bad_rows_duplicates_and_a_window_are_counted_as_the_reader_counts_them()
    {
        string world = P("world");
        var g = Run("generate", "--out", world, "--cdrs", "40000", "--seed", "14", "--bad-row-rate", "0.02", "--duplicate-rate", "0.02");
        Assert.True(g.Code == 0, g.Err);
        var (inProcess, duckDb) = AnalyzeBoth("--world", world, "--from", "2026-06-05", "--to", "2026-06-25T12:00", "--max-rejects", "10%");
        AssertSameOutputs(inProcess, duckDb);
        var summary = Summary(duckDb);
        // The world really has each kind of row the comparison is about.
        Assert.True(summary.GetProperty("rows_rejected").GetInt64() > 0);
        Assert.True(summary.GetProperty("duplicates").GetInt64() > 0);
        Assert.True(summary.GetProperty("outside_window").GetInt64() > 0);
        Assert.True(summary.GetProperty("rejects_by_reason").EnumerateObject().Count() >= 4);
    }

    /// <summary>A hand-made dump with the reader's edge cases: every row's outcome must be the reader's.</summary>
    [Fact]
    public void Hand_made_edge_cases_read_as_the_in_process_reader_reads_them()
    {
        File.WriteAllText(P("members.csv"), "group_id,msisdn\nG1,13800000001\nG1,13800000002\nG1,13800000003\nG1,13800000004\nG1,13800000005\nG2,02088887777\nG2,13900000009\n");
        string[] rows =
        [
            "13800000001,13800000002,20260601093000,60,voice,CELL-A",          // plain
            "+86 138-0000-0001,(0086)13800000003,2026-06-01T10:00:00,30,V,CELL-A", // prefixes and separators; ISO with T
            "8613800000001,13800000004,2026-06-02 11:15,0,sms,\" CELL-B \"",    // 86 + mobile, ISO without seconds, quoted cell
            "13800000002,+862088887777,2026-06-03T08:00:00.250Z,45,call,",       // fixed line from abroad gets its trunk 0 back
            "13800000005,+4420700000000,2026-06-06T20:00:00,12,0,CELL-C",        // another country keeps 00; a Saturday
            "13300000077,13800000005,20260602120000,5,voice,CELL-Z",             // off-net caller: the member callee gets the cell
            "13500000077,13800000005,20260602120500,5,voice,CELL-Y",             // home-network caller: the cell is not the member's
            "13800000003,13800000004,20260602130000,,text,CELL-A",               // empty duration of an SMS
            "13800000003,13800000004,20260602130000,,voice,CELL-A",              // empty duration of a call: empty_field
            "13800000003,13800000004,20260602140000,-5,voice,CELL-A",            // negative_duration
            "13800000003,13800000004,20260602140000,-0,voice,CELL-A",            // -0 is 0
            "13800000003,13800000004,20260602140000,99999999999,voice,CELL-A",   // bad_duration: too big
            "13800000003,13800000004,20260602140000,1.5,voice,CELL-A",           // bad_duration
            "13800000003,13800000004,20260230140000,10,voice,CELL-A",            // bad_time: 30 February
            "13800000003,13800000004,20280229140000,10,voice,CELL-A",            // a leap day
            "13800000003,13800000004,18890101000000,10,voice,CELL-A",            // implausible_time
            "13800000003,13800000004,2026/06/02 14:00,10,voice,CELL-A",          // bad_time: not a reader format
            "13800000003,13800000003,20260602140000,10,voice,CELL-A",            // self_call
            "+86 13800000003,13800000003,20260602140000,10,voice,CELL-A",        // self_call after normalisation
            "1380000000O,13800000004,20260602140000,10,voice,CELL-A",            // bad_number: letter O
            "1380000000312345678,13800000004,20260602140000,10,voice,CELL-A",     // bad_number: too long
            ",13800000004,20260602140000,10,voice,CELL-A",                       // empty_field
            "13800000003,13800000004,20260602140000,10,fax,CELL-A",              // unknown_type
            "13800000003,13800000004,20260602140000,10",                         // field_count: too few
            "13800000003,13800000004,20260602140000,10,voice,CELL-A,extra",      // field_count: too many
            "13800000003,13800000004,20260602150000,10,voice,CELL-A,",           // a trailing delimiter is tolerated
            "13800000003,13800000004,20260602150000,10,voice,CELL-A",            // an exact duplicate of the row above
            "13800000004,13800000001,20260603091500,120,VOICE,CELL-D",
            "13800000004,13800000001,20260603091500,120,VOICE,CELL-D",           // exact duplicate
            "13800000001,13900000009,20260604100000,33,voice,CELL-E",            // a member of another group
            "13900000009,02088887777,20260604110000,33,s,CELL-F",                // a fixed-line member
        ];
        // Blank lines are no rows; CRLF line ends read as LF ones (one kind per file: DuckDB's CSV reader refuses a mix).
        File.WriteAllText(P("cdr.csv"), "caller,callee,start_time,duration_s,type,cell_id\r\n" + string.Join("\r\n", rows[..5]) + "\r\n\r\n" + string.Join("\r\n", rows[5..]) + "\r\n\r\n");
        var (inProcess, duckDb) = AnalyzeBoth("--cdr", P("cdr.csv"), "--members", P("members.csv"), "--min-group-size", "2", "--max-rejects", "100%");
        AssertSameOutputs(inProcess, duckDb);
        var summary = Summary(duckDb);
        Assert.Equal(rows.Length, summary.GetProperty("rows_read").GetInt64());
        Assert.Equal(2, summary.GetProperty("duplicates").GetInt64());
        Assert.Equal(2, summary.GetProperty("rejects_by_reason").GetProperty("field_count").GetInt64());
        Assert.Equal(2, summary.GetProperty("rejects_by_reason").GetProperty("self_call").GetInt64());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Parquet_scanned_by_DuckDB_gives_the_outputs_of_the_CSV_read_in_process(bool intNumbers, bool timestamps)
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "20000", "--seed", "17").Code);
        var lines = File.ReadAllLines(Path.Combine(world, "cdr.csv"));
        // int64 cannot hold a leading 0 or +: those rows are left out of both dumps (as ParquetCommandTests does).
        var rows = lines.Skip(1).Select(l => l.Split(','))
            .Where(f => !intNumbers || (f[0].All(char.IsAsciiDigit) && f[1].All(char.IsAsciiDigit) && f[0][0] != '0' && f[1][0] != '0')).ToList();
        File.WriteAllLines(P("cdr.csv"), rows.Select(r => string.Join(',', r)).Prepend(lines[0]));
        await ParquetCommandTests.WriteParquet(P("cdr.parquet"), rows, intNumbers, timestamps, groupRows: 4096);
        string members = Path.Combine(world, "members.csv");
        var csv = Run("analyze", "--cdr", P("cdr.csv"), "--members", members, "--out", P("out-csv"));
        Assert.True(csv.Code == 0, csv.Err);
        var parquet = Run("analyze", "--cdr", P("cdr.parquet"), "--members", members, "--out", P("out-parquet"), "--engine", "duckdb");
        Assert.True(parquet.Code == 0, parquet.Err);
        AssertSameOutputs(P("out-csv"), P("out-parquet"));
    }

    [Fact]
    public void No_dedup_keeps_the_duplicates_as_the_reader_does()
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "20000", "--seed", "16", "--duplicate-rate", "0.05").Code);
        var (inProcess, duckDb) = AnalyzeBoth("--world", world, "--no-dedup");
        AssertSameOutputs(inProcess, duckDb);
        Assert.Equal(0, Summary(duckDb).GetProperty("duplicates").GetInt64());
        Assert.Equal(20000, Summary(duckDb).GetProperty("rows_accepted").GetInt64());
    }

    [Fact]
    public void A_semicolon_dump_with_mapped_columns_and_no_type_or_cell_reads_the_same()
    {
        File.WriteAllText(P("members.csv"), "group_id,msisdn\nG1,13800000001\nG1,13800000002\nG1,13800000003\n");
        File.WriteAllText(P("cdr.csv"), "From;To;When;Secs\n13800000001;13800000002;20260601093000;60\n\n13800000002;13800000003;20260601100000;;\n13800000003;13600000001;20260601110000;7\n");
        var (inProcess, duckDb) = AnalyzeBoth("--cdr", P("cdr.csv"), "--members", P("members.csv"), "--columns", "caller=From,callee=To,start_time=When,duration_s=Secs,type=,cell_id=",
            "--min-group-size", "2", "--max-rejects", "100%");
        AssertSameOutputs(inProcess, duckDb);
        Assert.Equal(3, Summary(duckDb).GetProperty("rows_read").GetInt64());
        Assert.Equal(1, Summary(duckDb).GetProperty("rows_rejected").GetInt64()); // the call without a duration; the trailing ';' is tolerated and the blank line is no row
    }

    [Fact]
    public void A_custom_time_format_reads_the_same()
    {
        File.WriteAllText(P("members.csv"), "group_id,msisdn\nG1,13800000001\nG1,13800000002\nG1,13800000003\n");
        File.WriteAllText(P("cdr.csv"), "caller,callee,start_time,duration_s,type,cell_id\n13800000001,13800000002,01/06/2026 09.30,60,voice,A\n13800000002,13800000003,31/06/2026 10.00,5,voice,B\n13800000003,13800000001,2026-06-01T11:00:00,7,sms,C\n");
        var (inProcess, duckDb) = AnalyzeBoth("--cdr", P("cdr.csv"), "--members", P("members.csv"), "--time-format", "dd/MM/yyyy HH.mm", "--min-group-size", "2", "--max-rejects", "100%");
        AssertSameOutputs(inProcess, duckDb);
        Assert.Equal(2, Summary(duckDb).GetProperty("rejects_by_reason").GetProperty("bad_time").GetInt64());
    }

    [Theory]
    [InlineData("--period", "month")]
    [InlineData("--ids", "opaque")]
    [InlineData("--rejects", "REJECTS")]
    public void Options_the_engine_cannot_honour_are_one_line_usage_errors(string option, string value)
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "2000", "--seed", "15").Code);
        var r = Run("analyze", "--world", world, "--out", P("out"), "--engine", "duckdb", option, value == "REJECTS" ? P("rejects.csv") : value);
        Assert.Equal(2, r.Code);
        Assert.Contains(option, r.Err);
        Assert.Contains("--engine inprocess", r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void Too_many_rejects_fail_the_run_and_leave_the_previous_output()
    {
        File.WriteAllText(P("members.csv"), "group_id,msisdn\nG1,13800000001\nG1,13800000002\n");
        File.WriteAllText(P("good.csv"), "caller,callee,start_time,duration_s,type,cell_id\n13800000001,13800000002,20260601093000,60,voice,A\n");
        Assert.Equal(0, Run("analyze", "--cdr", P("good.csv"), "--members", P("members.csv"), "--out", P("out")).Code);
        byte[] previous = File.ReadAllBytes(P("out/summary.json"));
        File.WriteAllText(P("cdr.csv"), "caller,callee,start_time,duration_s,type,cell_id\n13800000001,13800000002,20260601093000,60,voice,A\n13800000001,x,20260601093000,60,voice,A\n");
        var r = Run("analyze", "--cdr", P("cdr.csv"), "--members", P("members.csv"), "--out", P("out"), "--engine", "duckdb", "--max-rejects", "0");
        Assert.True(r.Code == 1, r.Err);
        Assert.Contains("rejected 1 of 2 rows, more than --max-rejects 0; by reason: bad_number 1", r.Err);
        Assert.Equal(previous, File.ReadAllBytes(P("out/summary.json")));
    }

    [Fact]
    public void Standard_input_is_a_usage_error()
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "2000", "--seed", "15").Code);
        var r = Run("analyze", "--cdr", "-", "--members", Path.Combine(world, "members.csv"), "--out", P("out"), "--engine", "duckdb");
        Assert.Equal(2, r.Code);
        Assert.Contains("standard input", r.Err);
    }

    // The tool leaves DuckDB's native library out (ToolPackageTests); these runs find it where the user says it is.

    /// <summary>Runs a duckdb analyze of a small world over a previous output, with <paramref name="library"/> as --duckdb-library.</summary>
    private (int Code, string Err, byte[] PreviousSummary) AnalyzeWithLibrary(string library)
    {
        string world = P("world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "2000", "--seed", "18").Code);
        Assert.Equal(0, Run("analyze", "--world", world, "--out", P("out")).Code);
        byte[] previous = File.ReadAllBytes(P("out/summary.json"));
        var r = Run("analyze", "--world", world, "--out", P("out"), "--engine", "duckdb", "--duckdb-library", library);
        return (r.Code, r.Err, previous);
    }

    [Fact]
    public void A_missing_library_is_a_one_line_usage_error_that_says_what_to_install()
    {
        string missing = P(Path.Combine("lib", Engines.DuckDb.DuckDbNativeLibrary.FileName));
        var (code, err, previous) = AnalyzeWithLibrary(missing);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains(missing + ": no such file", err);
        Assert.Contains("github.com/duckdb/duckdb/releases", err);
        Assert.Contains(EngineOptions.DuckDbLibraryVariable, err);
        Assert.Equal(previous, File.ReadAllBytes(P("out/summary.json")));
    }

    [Fact]
    public void A_file_that_is_not_a_native_library_is_a_one_line_usage_error()
    {
        string fake = P(Engines.DuckDb.DuckDbNativeLibrary.FileName);
        File.WriteAllText(fake, "not a library\n");
        var (code, err, previous) = AnalyzeWithLibrary(fake);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains(fake + ": ", err);
        Assert.Contains(EngineOptions.DuckDbLibraryVariable, err);
        Assert.Equal(previous, File.ReadAllBytes(P("out/summary.json")));
    }

    [Fact]
    public void The_library_given_by_path_runs_the_engine()
    {
        // The copy this test project restores (DuckDB.NET.Data.Full) for the machine's platform; macOS has one for both architectures.
        string platform = OperatingSystem.IsMacOS() ? "osx" : System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        string library = Path.Combine(AppContext.BaseDirectory, "runtimes", platform, "native", Engines.DuckDb.DuckDbNativeLibrary.FileName);
        Assert.True(File.Exists(library), library + " is missing: the tests restore DuckDB's native library");
        var (code, err, _) = AnalyzeWithLibrary(library);
        Assert.True(code == 0, err);
        Assert.Equal(0, Run("analyze", "--world", P("world"), "--out", P("out-inprocess")).Code);
        AssertSameOutputs(P("out-inprocess"), P("out"));
    }
}
