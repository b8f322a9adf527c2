using System.Text;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Rosters;
using Npgsql;

namespace CallGraph.Engines.Postgres.Tests;

/// <summary>
/// The PostgreSQL engine against the in-process reader on the same CDRs: the outputs the CLI writes (members,
/// groups, prospects, potential members, competitor members) are byte-identical and the counts are equal.
/// </summary>
public sealed class PostgresEngineTests(GeneratedWorld world) : IClassFixture<GeneratedWorld>
{
    private static readonly CallGraphOptions AnyRejects = new() { Reader = new CdrReaderOptions { MaxRejects = RejectLimit.None } };

    /// <summary>The result files written with the CLI's writers, as UTF-8 bytes.</summary>
    private static Dictionary<string, byte[]> Outputs(CallGraphRun run)
    {
        static byte[] Write(Action<TextWriter> write)
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
            write(text);
            return ResultWriter.Utf8.GetBytes(text.ToString());
        }
        var r = run.Result;
        return new Dictionary<string, byte[]>
        {
            ["members.csv"] = Write(w => ResultWriter.WriteMembers(w, r.Members)),
            ["groups.csv"] = Write(w => ResultWriter.WriteGroups(w, r.Groups)),
            ["prospects.csv"] = Write(w => ResultWriter.WriteCircle(w, r.Prospects)),
            ["potential-members.csv"] = Write(w => ResultWriter.WriteCircle(w, r.PotentialMembers)),
            ["competitor-members.csv"] = Write(w => ResultWriter.WriteCircle(w, r.CompetitorLike)),
        };
    }

    private static void AssertSameOutputs(CallGraphRun expected, CallGraphRun actual)
    {
        var want = Outputs(expected);
        var got = Outputs(actual);
        foreach (var (name, bytes) in want) Assert.True(bytes.AsSpan().SequenceEqual(got[name]), name + " differs");
    }

    private static void AssertSameCounts(IngestReport expected, IngestReport actual)
    {
        Assert.Equal(expected.RowsRead, actual.RowsRead);
        Assert.Equal(expected.Accepted, actual.Accepted);
        Assert.Equal(expected.Rejected, actual.Rejected);
        Assert.Equal(expected.Duplicates, actual.Duplicates);
        Assert.Equal(expected.OutsideWindow, actual.OutsideWindow);
        Assert.Equal(expected.FirstStart, actual.FirstStart);
        Assert.Equal(expected.LastStart, actual.LastStart);
        Assert.Equal(expected.RejectsByReason.OrderBy(r => r.Key, StringComparer.Ordinal), actual.RejectsByReason.OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    private static CallGraphRun InProcess(string cdrFile, Roster roster, NumberPlan plan, CallGraphOptions options, IReadOnlyDictionary<string, GroupInfo>? groups = null) =>
        CallGraphPipeline.Run([CdrSource.FromFile(cdrFile)], roster, plan, options, groups);

    /// <summary>The world's data lines split into those with the header's six fields and the malformed rest (blank lines are no rows).</summary>
    private (string Header, List<string> Loadable, int SetAside) WorldLines()
    {
        var lines = File.ReadAllLines(world.CdrFile);
        Assert.DoesNotContain(lines, l => l.Contains('"')); // no quoting: a comma always separates fields
        var data = lines.Skip(1).Where(l => l.Length > 0).ToList();
        var loadable = data.Where(l => l.Count(c => c == ',') == 5).ToList();
        return (lines[0], loadable, data.Count - loadable.Count);
    }

    [PostgresFact]
    public void A_generated_world_loaded_with_COPY_gives_the_in_process_outputs_and_counts()
    {
        var (header, loadable, setAside) = WorldLines();
        using var schema = new ScratchSchema();
        schema.CreateTextTable("cdr", header.Split(','));
        // An operator's loader sets aside the lines that do not split into the table's columns; the rest, malformed
        // fields and exact duplicates included, land in the table as text.
        schema.CopyCsv("cdr", loadable);

        var expected = InProcess(world.CdrFile, world.Roster, world.Plan, AnyRejects, world.Groups);
        var actual = CallGraphPipeline.Run(new PostgresEngine(schema.ConnectionString, "cdr"), world.Roster, world.Plan, AnyRejects, world.Groups);

        AssertSameOutputs(expected, actual);
        // The lines the loader set aside are the reader's field-count rejects; every other count is the reader's.
        Assert.True(setAside > 0);
        Assert.Equal(setAside, expected.Ingest.RejectsByReason.GetValueOrDefault(RejectReason.FieldCount.Name()));
        var withoutSetAside = expected.Ingest.RejectsByReason.Where(r => r.Key != RejectReason.FieldCount.Name()).ToList();
        Assert.Equal(withoutSetAside.OrderBy(r => r.Key, StringComparer.Ordinal), actual.Ingest.RejectsByReason.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Ingest.RowsRead - setAside, actual.Ingest.RowsRead);
        Assert.Equal(expected.Ingest.Rejected - setAside, actual.Ingest.Rejected);
        Assert.Equal(expected.Ingest.Accepted, actual.Ingest.Accepted);
        Assert.Equal(expected.Ingest.Duplicates, actual.Ingest.Duplicates);
        Assert.Equal(expected.Ingest.FirstStart, actual.Ingest.FirstStart);
        Assert.Equal(expected.Ingest.LastStart, actual.Ingest.LastStart);
        // The world really has what the comparison is about.
        Assert.True(withoutSetAside.Count >= 4);
        Assert.True(actual.Ingest.Duplicates > 0);
        Assert.NotEmpty(actual.Result.Prospects);
        Assert.NotEmpty(actual.Result.PotentialMembers);
        Assert.Equal(expected.Aggregate.PairCount, actual.Aggregate.PairCount);
    }

    [PostgresFact]
    public void Mapped_columns_a_quoted_qualified_table_without_type_or_cell_and_a_window_read_the_same()
    {
        var (_, loadable, _) = WorldLines();
        string[] columns = ["A Number", "B_Number", "Start", "Secs"];
        // Four of the world's fields and an unrelated integer column, in a file and in a table with a mixed-case name.
        var rows = loadable.Select((l, i) => string.Join(',', l.Split(',').Take(4)) + "," + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        string file = world.PathOf("mapped.csv");
        File.WriteAllText(file, string.Join(',', columns) + ",batch\n" + string.Join('\n', rows) + "\n");
        using var schema = new ScratchSchema();
        string table = $"{schema.Name}.\"Cdr June\"";
        schema.Execute($"CREATE TABLE {table} ({string.Join(", ", columns.Select(c => PostgresDialect.Quote(c) + " text"))}, batch integer)");
        schema.CopyCsv(table, rows);

        var options = AnyRejects with
        {
            Reader = AnyRejects.Reader with
            {
                Columns = CdrColumnMap.Parse("caller=a number,callee=B_NUMBER,start_time=Start,duration_s=Secs,type=,cell_id="),
                From = CdrClock.FromDateTime(new DateTime(2026, 6, 5)),
                To = CdrClock.FromDateTime(new DateTime(2026, 6, 20, 12, 0, 0)),
            },
        };
        var expected = InProcess(file, world.Roster, world.Plan, options, world.Groups);
        var actual = CallGraphPipeline.Run(new PostgresEngine(schema.ConnectionString, table), world.Roster, world.Plan, options, world.Groups);

        AssertSameOutputs(expected, actual);
        AssertSameCounts(expected.Ingest, actual.Ingest);
        Assert.True(actual.Ingest.OutsideWindow > 0);
        Assert.True(actual.Ingest.Rejected > 0);
    }

    /// <summary>Rows with the reader's edge cases, as text fields (null: SQL NULL in the table, an empty field in the file).</summary>
    private static readonly string?[][] EdgeRows =
    [
        ["13900000001", "13900000002", "20260602091500", "75", "voice", "NB-1"],
        [" +86 139 0000 0001 ", "(0086) 139-0000-0003", "2026-06-02T09:40:00", "20", "V", "NB-1"],    // prefixes, separators, ISO with T
        ["\t8613900000001", "13900000004", "2026-06-03 10:05", "0", "SMS", "\tNB-2 "],             // 86 + mobile, tabs, no seconds
        ["13900000002", "+8675512345678", "2026-06-03T11:00:00.5Z", "31", "call", ""],             // a fixed line from abroad: trunk 0 back
        ["13900000005", "+447911123456", "2026-06-06T21:30:00", "14", "0", "NB-3"],                 // another country; a Saturday night
        ["13300000088", "13900000005", "20260603120000", "9", "voice", "NB-9"],                     // off-net caller: the member gets the cell
        ["13600000088", "13900000005", "20260603120100", "9", "voice", "NB-8"],                     // home-network caller: the cell is not the member's
        ["13900000003", "13900000004", "20260603130000", "", "text", "NB-1"],                       // an SMS without a duration
        ["13900000003", "13900000004", "20260603130500", "", "voice", "NB-1"],                      // empty_field
        ["13900000003", "13900000004", "20260603131000", "-7", "voice", "NB-1"],                    // negative_duration
        ["13900000003", "13900000004", "20260603131500", "-0", "voice", "NB-1"],
        ["13900000003", "13900000004", "20260603132000", "000000000000000000000042", "voice", "NB-1"], // leading zeros past BIGINT's digits
        ["13900000003", "13900000004", "20260603132500", "+15", "voice", "NB-1"],
        ["13900000003", "13900000004", "20260603133000", "12345678901", "voice", "NB-1"],           // bad_duration: too big
        ["13900000003", "13900000004", "20260603133500", "3.5", "voice", "NB-1"],                   // bad_duration
        ["13900000003", "13900000004", "20270229100000", "10", "voice", "NB-1"],                    // bad_time: no 29 February in 2027
        ["13900000003", "13900000004", "20240229100000", "10", "voice", "NB-1"],                    // a leap day
        ["13900000003", "13900000004", "17990101000000", "10", "voice", "NB-1"],                    // implausible_time
        ["13900000003", "13900000004", "99991231235959", "10", "voice", "NB-1"],                    // implausible_time
        ["13900000003", "13900000004", "2026-06-03 25:00", "10", "voice", "NB-1"],                  // bad_time: hour 25
        ["13900000004", "+86 13900000004", "20260603140000", "10", "voice", "NB-1"],                // self_call after normalisation
        ["139000000I4", "13900000001", "20260603140000", "10", "voice", "NB-1"],                    // bad_number
        ["1390000000312345678", "13900000004", "20260603140000", "10", "voice", "NB-1"],            // bad_number: too long
        [null, "13900000001", "20260603140000", "10", "voice", "NB-1"],                             // empty_field (NULL in the table)
        ["13900000001", "", "20260603140000", "10", "voice", "NB-1"],                               // empty_field
        ["13900000001", "13900000002", "  ", "10", "voice", "NB-1"],                                // empty_field once trimmed
        ["13900000001", "13900000002", "20260603140000", "10", "video", "NB-1"],                    // unknown_type
        ["13900000001", "13900000002", "20260603150000", "10", "voice", "基站-东7"],                 // a non-ASCII cell
        ["13900000001", "13900000002", "20260603150000", "10", "voice", "基站-东7"],                 // its exact duplicate
        ["13900000009", "075512345678", "20260604101500", "60", "s", "NB-5"],                       // a fixed-line member
        ["13900000001", "13900000009", "20260604110000", "44", "voice", "NB-1"],                    // a member of another group
    ];

    [PostgresFact]
    public void Hand_made_edge_cases_read_as_the_in_process_reader_reads_them_and_tables_of_the_engine_names_are_left_alone()
    {
        string[] header = ["caller", "callee", "start_time", "duration_s", "type", "cell_id"];
        Assert.DoesNotContain(EdgeRows, r => r.Any(f => f is not null && (f.Contains(',') || f.Contains('"'))));
        byte[] csv = Encoding.UTF8.GetBytes(string.Join(',', header) + "\n" + string.Join("\n", EdgeRows.Select(r => string.Join(',', r.Select(f => f ?? "")))) + "\n");
        var plan = NumberPlan.Default;
        var roster = Roster.Read(new StringReader("group_id,msisdn\nG1,13900000001\nG1,13900000002\nG1,13900000003\nG1,13900000004\nG1,13900000005\nG2,075512345678\nG2,13900000009\n"), "members.csv", plan);
        var options = AnyRejects with { Analysis = new AnalysisOptions { Coupling = new CouplingOptions { MinGroupSize = 2 } } };

        using var schema = new ScratchSchema();
        schema.CreateTextTable("cdr", header);
        schema.CopyRows("cdr", EdgeRows);
        // Permanent tables named like the engine's temporary ones, first in the search path: the engine's drops and
        // reads must not touch them.
        schema.Execute("CREATE TABLE cg_parsed (x integer); INSERT INTO cg_parsed VALUES (1); CREATE TABLE cg_members (number bigint); INSERT INTO cg_members VALUES (7)");

        var expected = CallGraphPipeline.Run([CdrSource.FromBytes("cdr.csv", csv)], roster, plan, options);
        var actual = CallGraphPipeline.Run(new PostgresEngine(schema.ConnectionString, "cdr"), roster, plan, options);

        AssertSameOutputs(expected, actual);
        AssertSameCounts(expected.Ingest, actual.Ingest);
        Assert.Equal(EdgeRows.Length, actual.Ingest.RowsRead);
        Assert.Equal(1, actual.Ingest.Duplicates);
        Assert.True(actual.Ingest.RejectsByReason.Count >= 8, string.Join(", ", actual.Ingest.RejectsByReason.Keys));
        Assert.Equal(1, schema.Count("cg_parsed"));
        Assert.Equal(1, schema.Count("cg_members"));
    }

    [PostgresFact]
    public void The_cell_key_in_SQL_is_the_readers_cell_key()
    {
        string[] cells = ["NB-1", "x", "基站-东7", "CELL-0000001", "460-00-29553-51217", new string('z', 300), "Ünïcödé cell"];
        using var schema = new ScratchSchema();
        using var connection = schema.Open();
        var dialect = new PostgresDialect();
        foreach (string cell in cells)
        {
            using var command = new NpgsqlCommand($"SELECT {dialect.CellKey("CAST(@t AS text)")}, {dialect.CellBit(dialect.CellKey("CAST(@t AS text)"))}", connection);
            command.Parameters.AddWithValue("t", cell);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            ulong expected = CdrReader.CellKey(cell);
            Assert.Equal(expected, unchecked((ulong)reader.GetInt64(0)));
            Assert.Equal(1L << (int)(expected % 32), reader.GetInt64(1));
        }
    }

    [PostgresFact]
    public void A_missing_table_or_column_is_named_in_one_message()
    {
        using var schema = new ScratchSchema();
        schema.CreateTextTable("cdr", ["caller", "callee", "start_time", "secs"]);
        var roster = Roster.Read(new StringReader("group_id,msisdn\nG1,13900000001\n"), "members.csv", NumberPlan.Default);

        var noTable = Assert.Throws<InvalidDataException>(() => new PostgresEngine(schema.ConnectionString, "no_such_cdr")
            .Aggregate(roster, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions()));
        Assert.Contains("no_such_cdr", noTable.Message);

        var noColumn = Assert.Throws<InvalidDataException>(() => new PostgresEngine(schema.ConnectionString, "cdr")
            .Aggregate(roster, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions()));
        Assert.Contains("'duration_s'", noColumn.Message);
        Assert.Contains("--columns", noColumn.Message);
    }

    [PostgresFact]
    public void A_cancelled_run_throws_OperationCanceledException()
    {
        using var schema = new ScratchSchema();
        schema.CreateTextTable("cdr", ["caller", "callee", "start_time", "duration_s"]);
        var roster = Roster.Read(new StringReader("group_id,msisdn\nG1,13900000001\n"), "members.csv", NumberPlan.Default);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new PostgresEngine(schema.ConnectionString, "cdr")
            .Aggregate(roster, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions(), cancelled.Token));
    }
}
