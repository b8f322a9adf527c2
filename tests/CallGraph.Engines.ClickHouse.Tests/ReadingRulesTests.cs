using System.Globalization;
using System.Text;
using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Engines.ClickHouse.Tests;

/// <summary>
/// The engine's SQL against the in-process reader on rows built to hit every reading rule: numbers in every dialled
/// form and malformed ones, every start-time form and impossible dates, every type spelling, signed and overflowing
/// durations, cells with padding and non-ASCII text, exact copies on other shards. Counts by reason and the whole
/// aggregate (pairs, cells, profiles) must be the reader's.
/// </summary>
public class ReadingRulesTests
{
    private static readonly string[] Header = ["caller", "callee", "start_time", "duration_s", "type", "cell_id"];

    // Members (on-net 138…) and outsiders: on-net 139…, off-net 186…, fixed lines; each also in other spellings.
    private static readonly string[] Members = ["13800000001", "13800000002", "13800000003", "13800000004", "13800000005", "13800000006"];

    private static readonly string[] Parties =
    [
        "13800000001", "13800000002", "13800000003", "13800000004", "13800000005", "13800000006",
        "13900000001", "13900000002", "18600000001", "18600000002", "18600000003", "0101234567", "10086",
        "+8613800000001", "008613800000002", "8613800000003", " 138-0000-0004 ", "(138)00000005", "+86 186 0000 0001",
        "+86101234567", "+860101234567", "+4420123456", "0044201234", "8618600000002", "+861", "00860", "+8600",
    ];

    private static readonly string[] BadParties = ["", " ", "+", "12a", "1234567890123456789012345", "++8613800000001", "138+00000001", "00", "001", "8612345678901", "0012345678901234"];

    private static readonly string[] BadTimes =
    [
        "", "2026-02-30 10:00:00", "2026-06-01 24:00:00", "2026-06-01 10:60:00", "2026-13-01 10:00:00", "2026-6-1 08:15:00", "20260631101010",
        "1989-12-31 23:59:59", "2101-01-01 00:00:00", "0000-01-01 00:00:00", "2026-06-01T08:15:00.Z", "2026-06-01 08:15:00 +08", "yesterday",
    ];

    private static readonly string[] Types = ["voice", "VOICE", "sms", "Sms", "v", "S", "0", "1", "call", "text", " voice "];

    private static readonly string[] BadTypes = ["fax", "", "vv", "2"];

    private static readonly string[] Durations = ["60", "0", "+12", "007", "2147483647", " 45 ", "-0"];

    private static readonly string[] BadDurations = ["", "-5", "abc", "99999999999", "2147483648", "-", "1.5", "-99999999999"];

    private static readonly string[] Cells = ["", "C1", " C2 ", "C3\t", "cell-東", "C4", "C5", "C6", "C7", "C8"];

    /// <summary>Rows of a seeded random draw: mostly valid, each field malformed now and then; some rows copied exactly.</summary>
    /// <param name="seed">The draw.</param>
    /// <param name="count">Rows before the copies.</param>
    /// <param name="timeFormat">A .NET format for valid start times instead of the automatic forms' mix.</param>
    private static List<string[]> Rows(int seed, int count, string? timeFormat = null)
    {
        var random = new Random(seed);
        string Pick(string[] good, string[] bad, double badShare) =>
            bad.Length > 0 && random.NextDouble() < badShare ? bad[random.Next(bad.Length)] : good[random.Next(good.Length)];
        var rows = new List<string[]>();
        long monday = 1780272000; // 2026-06-01 00:00
        while (rows.Count < count)
        {
            long start = monday + random.Next(14 * 86400);
            var at = DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime;
            string time = random.Next(4) switch
            {
                0 => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                1 => at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
                2 => at.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) + (random.Next(2) == 0 ? "Z" : ""),
                _ => " " + at.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z ",
            };
            if (timeFormat is not null) time = at.ToString(timeFormat, CultureInfo.InvariantCulture);
            if (random.NextDouble() < 0.05) time = BadTimes[random.Next(BadTimes.Length)];
            // Most rows touch a member, so the aggregate is not thin.
            string caller = random.Next(3) == 0 ? Members[random.Next(Members.Length)] : Pick(Parties, BadParties, 0.04);
            string callee = Pick(Parties, BadParties, 0.04);
            var row = new[] { caller, callee, time, Pick(Durations, BadDurations, 0.05), Pick(Types, BadTypes, 0.04), Cells[random.Next(Cells.Length)] };
            rows.Add(row);
            if (random.NextDouble() < 0.05) rows.Add((string[])row.Clone()); // an exact copy
        }
        // Input order no longer follows time, and copies move away from their originals.
        for (int i = rows.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        return rows;
    }

    private static Roster Roster() =>
        new(Members.Select((m, i) => (i < 4 ? "g1" : "g2", NumberNormalizer.Normalize(m)))
            .Append(("g2", NumberNormalizer.Normalize(Members[0])))); // one number on two rosters

    private static (CallAggregate Aggregate, IngestReport Report) InProcess(List<string[]> rows, Roster roster, CdrReaderOptions options, AggregationOptions aggregation)
    {
        var csv = new StringBuilder(string.Join(',', Header)).Append('\n');
        foreach (var row in rows) csv.AppendJoin(',', row).Append('\n');
        var aggregator = new CallAggregator(roster, aggregation, NumberPlan.Default);
        var report = CdrReader.Read([CdrSource.FromBytes("cdr.csv", Encoding.UTF8.GetBytes(csv.ToString()))], aggregator.CreateSink, options).Report;
        return (aggregator.Complete(), report);
    }

    private static void AssertSameAsReader(int seed, CdrReaderOptions options, AggregationOptions? aggregation = null, string? timeFormat = null)
    {
        aggregation ??= new AggregationOptions();
        options = options with { MaxRejects = RejectLimit.None, DuplicateWindowDays = null, Threads = 2 };
        var rows = Rows(seed, 3000, timeFormat);
        var roster = Roster();
        var (expected, expectedReport) = InProcess(rows, roster, options, aggregation);
        Assert.True(expectedReport.Rejected > 100 && (expectedReport.Duplicates > 50 || !options.Deduplicate) && expected.PairCount > 20, "the draw must exercise rejects, copies and pairs");

        using var tables = new CdrTables(Header);
        tables.Load(rows, i => i);
        var done = tables.Engine().Aggregate(roster, NumberPlan.Default, options, aggregation);

        var report = done.Ingest;
        Assert.Equal(expectedReport.RejectsByReason.ToList(), report.RejectsByReason.ToList());
        Assert.Equal(
            (expectedReport.RowsRead, expectedReport.Accepted, expectedReport.Rejected, expectedReport.Duplicates, expectedReport.OutsideWindow, expectedReport.FirstStart, expectedReport.LastStart),
            (report.RowsRead, report.Accepted, report.Rejected, report.Duplicates, report.OutsideWindow, report.FirstStart, report.LastStart));
        Assert.Equal((expected.CdrsSeen, expected.CdrsTouchingMembers, expected.PairCount), (done.Aggregate.CdrsSeen, done.Aggregate.CdrsTouchingMembers, done.Aggregate.PairCount));
        for (int e = 0; e < roster.EntryCount; e++)
        {
            Assert.Equal(expected.PairsOf(e).ToArray(), done.Aggregate.PairsOf(e).ToArray());
            Assert.Equal(expected.CellsOf(e).ToArray(), done.Aggregate.CellsOf(e).ToArray());
            Assert.Equal(expected.ProfileOf(e).ToArray(), done.Aggregate.ProfileOf(e).ToArray());
        }
        Assert.True(expected.ContentEquals(done.Aggregate));
    }

    [ClickHouseFact]
    public void Rows_read_rejected_and_aggregated_as_the_reader_does() => AssertSameAsReader(1, new CdrReaderOptions());

    [ClickHouseFact]
    public void Time_window_and_working_day_follow_the_options() =>
        AssertSameAsReader(2, new CdrReaderOptions { From = 1780272000 + 3 * 86400, To = 1780272000 + 10 * 86400 + 3600, EarliestYear = 2000, LatestYear = 2030 },
            new AggregationOptions { WorkdayStartHour = 7, WorkdayEndHour = 20 });

    [ClickHouseFact]
    public void Without_deduplication_copies_are_aggregated_twice() => AssertSameAsReader(3, new CdrReaderOptions { Deduplicate = false });

    [ClickHouseFact]
    public void A_start_time_pattern_reads_as_the_reader_reads_it() =>
        AssertSameAsReader(5, new CdrReaderOptions { TimeFormat = "dd/MM/yyyy HH.mm[ss]" }, timeFormat: "dd/MM/yyyy HH.mm[ss]");

    [ClickHouseFact]
    public void Rows_without_type_and_cell_columns_are_voice_calls_without_cells()
    {
        var roster = Roster();
        var options = new CdrReaderOptions { Columns = CdrColumnMap.Default with { Type = null, Cell = null }, MaxRejects = RejectLimit.None, DuplicateWindowDays = null };
        var rows = Rows(4, 500);
        var (expected, expectedReport) = InProcess(rows, roster, options, new AggregationOptions());
        using var tables = new CdrTables(Header);
        tables.Load(rows, i => i);
        var done = tables.Engine().Aggregate(roster, NumberPlan.Default, options, new AggregationOptions());
        Assert.Equal(expectedReport.RejectsByReason.ToList(), done.Ingest.RejectsByReason.ToList());
        Assert.Equal(0, done.Aggregate.AllPairs.ToArray().Sum(p => p.Sms));
        Assert.True(expected.ContentEquals(done.Aggregate));
    }

    [ClickHouseFact]
    public void Cell_keys_are_the_readers_md5_keys()
    {
        string[] cells = ["C1", " C1\t", "cell-東", "460-00-1234-5678", "a", new string('x', 300)];
        using var tables = new CdrTables(Header);
        // One member calls a distinct off-net number per cell, so each pair's cell bits and the member's cells show the key.
        var rows = cells.Select((c, i) => new[] { "13800000001", "1860000010" + i.ToString(CultureInfo.InvariantCulture), "2026-06-01 10:00:00", "60", "voice", c }).ToList();
        tables.Load(rows, i => i);
        var roster = new Roster([("g", NumberNormalizer.Normalize("13800000001"))]);
        var done = tables.Engine().Aggregate(roster, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions());
        var expectedKeys = cells.Select(c => CdrReader.CellKey(c)).Distinct().Order().ToArray();
        Assert.Equal(expectedKeys, done.Aggregate.CellsOf(0).ToArray().Select(c => c.Cell).ToArray());
        foreach (var (cell, i) in cells.Select((c, i) => (c, i)))
        {
            var other = NumberNormalizer.Normalize("1860000010" + i.ToString(CultureInfo.InvariantCulture));
            var pair = done.Aggregate.PairsOf(0).ToArray().Single(p => p.Other == other.Key);
            Assert.Equal(1u << (int)(CdrReader.CellKey(cell) & 31), pair.CellBits);
        }
    }

    [ClickHouseFact]
    public void Statements_longer_than_a_url_may_be_run()
    {
        // Column names of 3,000 characters make the aggregation SQL several times longer than the 16 KiB URL an 18.16
        // server accepts: the statements must travel in the request body.
        var names = Header.Select(h => h + "_" + new string('x', 3000)).ToArray();
        var map = new CdrColumnMap(names[0], names[1], names[2], names[3], names[4], names[5]);
        using var tables = new CdrTables(names, engine: "Memory");
        var rows = Rows(6, 200);
        tables.Load(rows, i => i);
        var roster = Roster();
        var options = new CdrReaderOptions { MaxRejects = RejectLimit.None, DuplicateWindowDays = null };
        var (expected, expectedReport) = InProcess(rows, roster, options, new AggregationOptions());
        var done = tables.Engine(map).Aggregate(roster, NumberPlan.Default, options, new AggregationOptions());
        Assert.Equal(expectedReport.RowsRead, done.Ingest.RowsRead);
        Assert.True(expected.ContentEquals(done.Aggregate));
    }

    [ClickHouseFact]
    public void More_rejects_than_the_limit_fail_the_run_as_the_reader_does()
    {
        var rows = Rows(7, 500);
        var roster = Roster();
        using var tables = new CdrTables(Header);
        tables.Load(rows, i => i);
        var (_, report) = InProcess(rows, roster, new CdrReaderOptions { MaxRejects = RejectLimit.None }, new AggregationOptions());
        // At the reader's own count the run passes; one reject fewer allowed and it fails, naming the table and the count.
        var atLimit = new CdrReaderOptions { MaxRejects = RejectLimit.OfCount(report.Rejected) };
        Assert.Equal(report.Rejected, tables.Engine().Aggregate(roster, NumberPlan.Default, atLimit, new AggregationOptions()).Ingest.Rejected);
        var below = new CdrReaderOptions { MaxRejects = RejectLimit.OfCount(report.Rejected - 1) };
        Assert.Throws<DataException>(() => InProcess(rows, roster, below, new AggregationOptions()));
        var error = Assert.Throws<DataException>(() => tables.Engine().Aggregate(roster, NumberPlan.Default, below, new AggregationOptions()));
        Assert.Equal(tables.Table, error.Source);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"rejected {report.Rejected:N0} of {report.RowsRead:N0} rows"), error.Message, StringComparison.Ordinal);
    }

    [ClickHouseFact]
    public void A_missing_column_or_table_is_a_clear_error()
    {
        using var tables = new CdrTables(["caller", "callee", "start_time", "type"]);
        var roster = Roster();
        var missingColumn = Assert.Throws<InvalidOperationException>(() => tables.Engine().Aggregate(roster, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions()));
        Assert.Contains("duration_s", missingColumn.Message, StringComparison.Ordinal);
        var engine = new ClickHouseEngine(ClickHouseServers.Urls[0], tables.Database + ".no_such_table", http: ClickHouseServers.Http);
        var missingTable = Assert.Throws<ClickHouseException>(() => engine.Aggregate(roster, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions()));
        Assert.Contains("no_such_table", missingTable.Message, StringComparison.Ordinal);
    }
}
