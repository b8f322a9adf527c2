using System.Text;
using CallGraph.Ingest;
using CallGraph.Numbers;
using static CallGraph.Tests.Ingest.ReaderHarness;

namespace CallGraph.Tests.Ingest;

public class CdrReaderTests
{
    private const string Header = "caller,callee,start_time,duration_s,type,cell_id\n";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Every_row_of_a_dump_with_thousands_of_cells_gets_its_cells_key(int threads)
    {
        // More distinct cells than the parser's first cell table holds, each seen twice: the table grows and
        // answers repeats, and every key is still the rule's.
        var text = new System.Text.StringBuilder("caller,callee,start_time,duration_s,type,cell_id\n");
        for (int i = 0; i < 20_000; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"138{i % 10_000:00000000},139{i:00000000},2026-06-01 10:{i % 60:00}:00,30,voice,46000-{i % 10_000}\n");
        var read = Read(text.ToString(), new CdrReaderOptions { Threads = threads });
        Assert.Equal(20_000, read.Cdrs.Count);
        foreach (var cdr in read.Cdrs)
        {
            long serial = (long)(cdr.Callee.Value % 100_000_000);
            Assert.Equal(CdrReader.CellKey("46000-" + (serial % 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture)), cdr.CellKey);
        }
    }

    [Fact]
    public void The_cell_key_is_the_big_endian_head_of_the_md5_of_the_trimmed_text()
    {
        // Digests computed outside .NET (python hashlib.md5(text).hexdigest()[:16]): the rule every engine's SQL follows.
        Assert.Equal(0x6b34a8bba1dd1aaaUL, CdrReader.CellKey("46001"));
        Assert.Equal(0xcf45f6c4430c0a8bUL, CdrReader.CellKey("  Tower 7 "));
        Assert.Equal(0UL, CdrReader.CellKey("   "));
    }

    [Fact]
    public void Reads_the_default_format()
    {
        var o = Read(Header + "13800138000,13912345678,20260601081500,123,voice,46001\n+8613800138000,01088886666,2026-06-01T08:16:00,0,sms,\n");
        Assert.Equal(2, o.Report.RowsRead);
        Assert.Equal(2, o.Report.Accepted);
        var first = o.Cdrs[0];
        Assert.Equal(PhoneNumber.FromDigitString("13800138000"), first.Caller);
        Assert.Equal(PhoneNumber.FromDigitString("13912345678"), first.Callee);
        Assert.Equal(Seconds(2026, 6, 1, 8, 15, 0), first.StartSeconds);
        Assert.Equal(123, first.DurationSeconds);
        Assert.Equal(CdrType.Voice, first.Type);
        Assert.Equal(CdrReader.CellKey("46001"), first.CellKey);
        Assert.NotEqual(0UL, first.CellKey);
        var second = o.Cdrs[1];
        Assert.Equal(PhoneNumber.FromDigitString("01088886666"), second.Callee);
        Assert.Equal(CdrType.Sms, second.Type);
        Assert.Equal(0UL, second.CellKey);
        Assert.Equal(Seconds(2026, 6, 1, 8, 15, 0), o.Report.FirstStart);
        Assert.Equal(Seconds(2026, 6, 1, 8, 16, 0), o.Report.LastStart);
        Assert.Equal("file,line,column,reason,raw\n", o.Rejects);
    }

    [Theory]
    [InlineData("2026-06-01T08:15:00")]
    [InlineData("2026-06-01 08:15:00")]
    [InlineData("2026-06-01T08:15:00.123Z")]
    [InlineData("2026-06-01T08:15:00Z")]
    [InlineData("2026-06-01 08:15")]
    [InlineData("20260601081500")]
    [InlineData(" 20260601081500 ")]
    public void Parses_automatic_times(string time)
    {
        var o = Read(Header + $"13800138000,13912345678,{time},1,voice,\n");
        Assert.Equal(Seconds(2026, 6, 1, 8, 15, 0), Assert.Single(o.Cdrs).StartSeconds);
    }

    [Theory]
    [InlineData("2026-13-01 08:15:00")]
    [InlineData("2026-02-29 08:15:00")]
    [InlineData("2026-06-01 24:00:00")]
    [InlineData("2026-06-01T08:15:00+08:00")]
    [InlineData("202606010815")]
    [InlineData("yesterday")]
    public void Rejects_bad_times(string time)
    {
        var o = Read(Header + $"13800138000,13912345678,{time},1,voice,\n");
        Assert.Equal(["2,3,bad_time"], RejectCells(o.Rejects));
    }

    [Theory]
    [InlineData("00010101000000", true)]
    [InlineData("1989-12-31 23:59:59", true)]
    [InlineData("1990-01-01 00:00:00", false)]
    [InlineData("2100-12-31 23:59:59", false)]
    [InlineData("2101-01-01 00:00:00", true)]
    [InlineData("99991231235959", true)]
    public void Start_times_outside_the_plausible_years_are_rejected_naming_line_and_column(string time, bool rejected)
    {
        var o = Read(Header + $"13800138000,13912345678,{time},1,voice,\n");
        if (rejected) Assert.Equal(["2,3,implausible_time"], RejectCells(o.Rejects));
        else Assert.Single(o.Cdrs);
        Assert.Equal(1, o.Report.RowsRead);
    }

    [Fact]
    public void One_row_in_year_9999_does_not_switch_off_duplicate_detection()
    {
        const string row = "13800138000,13912345678,2026-06-01 09:00:00,1,voice,\n";
        var o = Read(Header + row + "13800138000,13912345678,99991231235959,1,voice,\n" + row + row);
        Assert.Equal(2, o.Report.Duplicates);
        Assert.Equal(1, o.Report.Rejected);
        Assert.Single(o.Cdrs);
    }

    [Fact]
    public void One_plausible_outlier_years_ahead_does_not_switch_off_duplicate_detection()
    {
        var rows = Enumerable.Range(0, 30).Select(i => $"13800138000,139{i:00000000},2026-06-01 09:{i:00}:00,1,voice,\n").ToArray();
        string text = Header + string.Concat(rows) + "13800138000,13912345678,2099-01-01 00:00:00,1,voice,\n" + string.Concat(rows);
        foreach (int threads in new[] { 1, 2 })
        {
            var o = Read(text, new CdrReaderOptions { ChunkBytes = 300, Threads = threads });
            Assert.Equal(30, o.Report.Duplicates);
            Assert.Equal(0, o.Report.NotCheckedForDuplicates);
            Assert.Equal(31, o.Cdrs.Count);
        }
    }

    [Fact]
    public void Leap_day_and_epoch_arithmetic_match_DateTime()
    {
        var o = Read(Header + "13800138000,13912345678,2024-02-29 23:59:59,1,voice,\n13800138000,13912345678,19700101000000,1,voice,\n",
            new CdrReaderOptions { EarliestYear = 1 });
        Assert.Equal(0, o.Cdrs[0].StartSeconds);
        Assert.Equal(Seconds(2024, 2, 29, 23, 59, 59), o.Cdrs[1].StartSeconds);
    }

    [Fact]
    public void Maps_columns_of_a_real_dump_with_a_custom_time_format()
    {
        string text = "From,To,Datetime,Duration(seconds),Cell Tower\n13800138000,13912345678,20060601 0008,60,Tower 7\n";
        var options = new CdrReaderOptions
        {
            Threads = 1,
            Columns = CdrColumnMap.Parse("caller=From,callee=To,start_time=Datetime,duration_s=Duration(seconds),cell_id=Cell Tower"),
            TimeFormat = "yyyyMMdd HHmm",
        };
        var cdr = Assert.Single(Read(text, options).Cdrs);
        Assert.Equal(Seconds(2006, 6, 1, 0, 8, 0), cdr.StartSeconds);
        Assert.Equal(60, cdr.DurationSeconds);
        Assert.Equal(CdrType.Voice, cdr.Type);
        Assert.Equal(CdrReader.CellKey("Tower 7"), cdr.CellKey);
    }

    [Fact]
    public void Header_in_another_order_and_case_with_extra_columns()
    {
        string text = "Extra,CELL_ID,Type,Duration_S,Start_Time,Callee,Caller\nx,c1,SMS,5,20260601081500,13912345678,13800138000\n";
        var cdr = Assert.Single(Read(text).Cdrs);
        Assert.Equal(PhoneNumber.FromDigitString("13800138000"), cdr.Caller);
        Assert.Equal(CdrType.Sms, cdr.Type);
        Assert.Equal(0, cdr.DurationSeconds);
        Assert.Equal(CdrReader.CellKey("c1"), cdr.CellKey);
    }

    [Fact]
    public void Detects_tab_delimiter()
    {
        string text = "caller\tcallee\tstart_time\tduration_s\n13800138000\t13912345678\t2026-06-01 08:15:00\t7\n";
        var cdr = Assert.Single(Read(text, name: "t.tsv").Cdrs);
        Assert.Equal(7, cdr.DurationSeconds);
        Assert.Equal(CdrType.Voice, cdr.Type);
    }

    [Fact]
    public void Given_delimiter_wins_over_detection()
    {
        string text = "caller;callee;start_time;duration_s\n13800138000;13912345678;20260601081500;7\n";
        Assert.Single(Read(text, new CdrReaderOptions { Threads = 1, Delimiter = ';' }).Cdrs);
        Assert.Single(Read(text).Cdrs);
    }

    [Fact]
    public void Quoted_fields_crlf_bom_blank_lines_and_trailing_delimiters()
    {
        string text = "\uFEFFcaller,callee,start_time,duration_s,type,cell_id,\r\n"
            + "\r\n"
            + "\"13800138000\",\"13912345678\",\"2026-06-01 08:15:00\",12,voice,\"cell, \"\"north\"\"\",\r\n"
            + "\n"
            + "13800138001,13912345678,20260601081500,1,call,\"\"\r\n"
            + "13800138002,13912345678,20260601081500,1,v,c\n"
            + "13800138003,13912345678,20260601081500,1,0,c";
        var o = Read(text);
        Assert.Equal(4, o.Report.RowsRead);
        Assert.Equal(4, o.Report.Accepted);
        Assert.Equal(CdrReader.CellKey("cell, \"north\""), o.Cdrs.Single(c => c.Caller.ToString() == "13800138000").CellKey);
        Assert.Equal(0UL, o.Cdrs.Single(c => c.Caller.ToString() == "13800138001").CellKey);
    }

    [Fact]
    public void Type_spellings()
    {
        string rows = string.Join("", new[] { "voice", "CALL", "v", "0", "sms", "Text", "S", "1", "fax", "" }
            .Select((t, i) => $"1380013800{i},13912345678,20260601081500,1,{t},\n"));
        var o = Read(Header + rows);
        Assert.Equal(4, o.Cdrs.Count(c => c.Type == CdrType.Voice));
        Assert.Equal(4, o.Cdrs.Count(c => c.Type == CdrType.Sms));
        Assert.Equal(["10,5,unknown_type", "11,5,unknown_type"], RejectCells(o.Rejects));
    }

    [Fact]
    public void Rejects_carry_line_column_reason_and_the_raw_line()
    {
        string text = Header
            + "13800138000,13912345678,20260601081500,60,voice,c\n"          // 2 ok
            + "13800138000,13912345678,20260601081500,60,voice\n"            // 3 field count
            + "1380013800x,13912345678,20260601081500,60,voice,c\n"          // 4 bad caller
            + "13800138000,,20260601081500,60,voice,c\n"                     // 5 empty callee
            + "13800138000,+86 138 0013 8000,20260601081500,60,voice,c\n"    // 6 self call
            + "13800138000,13912345678,20260601081500,abc,voice,c\n"         // 7 bad duration
            + "13800138000,13912345678,20260601081500,-5,voice,c\n"          // 8 negative
            + "13800138000,13912345678,20260601081500,,voice,c\n"            // 9 empty duration on voice
            + "13800138000,13912345678,20260601081500,,sms,c\n"              // 10 ok: SMS need no duration
            + "13800138000,13912345678,,60,voice,c\n"                        // 11 empty start
            + "13800138000,\"13912345678,20260601081500,60,voice,c\n"        // 12 unterminated quote
            + "13800138000,\"139\"x,20260601081500,60,voice,c\n"             // 13 text after quote
            + "1234567890123456,13912345678,20260601081500,60,voice,c\n";    // 14 too long
        var o = Read(text);
        Assert.Equal(
            [
                "3,0,field_count", "4,1,bad_number", "5,2,empty_field", "6,2,self_call", "7,4,bad_duration",
                "8,4,negative_duration", "9,4,empty_field", "11,3,empty_field", "12,2,bad_quote", "13,2,bad_quote",
                "14,1,bad_number",
            ],
            RejectCells(o.Rejects));
        Assert.Equal(13, o.Report.RowsRead);
        Assert.Equal(2, o.Report.Accepted);
        Assert.Equal(11, o.Report.Rejected);
        Assert.Equal(3, o.Report.RejectsByReason["empty_field"]);
        Assert.Equal(new[] { "bad_duration", "bad_number", "bad_quote", "empty_field", "field_count", "negative_duration", "self_call" },
            o.Report.RejectsByReason.Keys.ToArray());
        Assert.Contains("t.csv,12,2,bad_quote,\"13800138000,\"\"13912345678,20260601081500,60,voice,c\"\n", o.Rejects);
        AssertBalanced(o.Report);
        var summary = new StringWriter();
        o.Report.WriteRejectSummary(summary);
        Assert.StartsWith("reason,count\nbad_duration,1\n", summary.ToString());
    }

    [Fact]
    public void Max_rejects_as_a_count()
    {
        string text = Header + "x,13912345678,20260601081500,60,voice,c\n13800138000,13912345678,20260601081500,60,voice,c\ny,13912345678,20260601081500,60,voice,c\n";
        Read(text, new CdrReaderOptions { Threads = 1, MaxRejects = RejectLimit.OfCount(2) });
        var ex = Assert.Throws<DataException>(() => Read(text, new CdrReaderOptions { Threads = 1, MaxRejects = RejectLimit.OfCount(1) }));
        Assert.Equal("t.csv: rejected 2 of 3 rows, more than --max-rejects 1; first: t.csv:2:1 bad_number", ex.Message);
    }

    [Fact]
    public void Max_rejects_as_a_percentage()
    {
        var rows = new StringBuilder(Header);
        for (int i = 0; i < 200; i++) rows.Append(i < 3 ? "bad," : "13800138000,").Append("13912345678,20260601081500,").Append(i).Append(",voice,c\n");
        var limit = RejectLimit.Parse("1.5%");
        Read(rows.ToString(), new CdrReaderOptions { Threads = 1, MaxRejects = limit });            // 3 of 200 = 1.5%
        var ex = Assert.Throws<DataException>(() => Read(rows.ToString(), new CdrReaderOptions { Threads = 1, MaxRejects = RejectLimit.Parse("1%") }));
        Assert.Contains("rejected 3 of 200 rows, more than --max-rejects 1%", ex.Message);
        // The default tolerates up to 1,000 rejects on a small file.
        Assert.Equal(3, Read(rows.ToString()).Report.Rejected);
    }

    [Theory]
    [InlineData("1000", 1000L, null)]
    [InlineData("0", 0L, null)]
    [InlineData("0.5%", null, 0.005)]
    [InlineData(" 2% ", null, 0.02)]
    public void Parses_reject_limits(string text, long? count, double? fraction)
    {
        var limit = RejectLimit.Parse(text);
        Assert.Equal(count, limit.Count);
        Assert.Equal(fraction, limit.Fraction);
    }

    [Fact]
    public void Reject_limit_checks()
    {
        Assert.False(RejectLimit.Default.IsExceeded(1000, 1000));
        Assert.True(RejectLimit.Default.IsExceeded(1001, 1000));
        Assert.False(RejectLimit.Default.IsExceeded(1500, 200_000));
        Assert.True(RejectLimit.Default.IsExceeded(2001, 200_000));
        Assert.True(default(RejectLimit).IsExceeded(1, 100));
        Assert.False(RejectLimit.None.IsExceeded(long.MaxValue - 1, 1));
        Assert.Equal("0.5%", RejectLimit.Parse("0.5%").ToString());
        Assert.Equal("1% (at least 1,000)", RejectLimit.Default.ToString());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("101%")]
    [InlineData("%")]
    public void Rejects_bad_reject_limits(string text) => Assert.Throws<FormatException>(() => RejectLimit.Parse(text));

    [Fact]
    public void Counts_and_skips_exact_duplicates_after_normalisation()
    {
        string text = Header
            + "13800138000,13912345678,20260601081500,60,voice,c\n"
            + "+8613800138000,13912345678,2026-06-01 08:15:00,60,call, c \n"  // same after normalisation
            + "13800138000,13912345678,20260601081500,61,voice,c\n"          // other duration
            + "13800138000,13912345678,20260601081500,60,voice,c\n";
        var o = Read(text);
        Assert.Equal(2, o.Report.Accepted);
        Assert.Equal(2, o.Report.Duplicates);
        AssertBalanced(o.Report);
        var off = Read(text, new CdrReaderOptions { Threads = 1, Deduplicate = false });
        Assert.Equal(4, off.Report.Accepted);
        Assert.Equal(0, off.Report.Duplicates);
    }

    private sealed class RowSink : ICdrSink
    {
        public List<Cdr> Items { get; } = [];

        public void Add(in Cdr cdr) => Items.Add(cdr);
    }

    private sealed class BatchSink : ICdrBatchSink
    {
        public List<Cdr> Items { get; } = [];
        public int Batches;
        public int RowCalls;

        public void Add(in Cdr cdr) { RowCalls++; Items.Add(cdr); }

        public void AddBatch(ReadOnlySpan<Cdr> cdrs)
        {
            Batches++;
            foreach (var cdr in cdrs) Items.Add(cdr);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batch_sink_gets_the_same_rows_in_the_same_order_as_a_row_sink(bool dedup)
    {
        var rng = new Random(11);
        var sb = new StringBuilder(Header);
        for (int i = 0; i < 3000; i++)
        {
            string caller = rng.Next(20) == 0 ? "bad" : "1380013" + rng.Next(20).ToString("0000");
            sb.Append(caller).Append(",1391234").Append(rng.Next(20).ToString("0000")).Append(",2026060")
              .Append(1 + rng.Next(2)).Append("08150").Append(rng.Next(3)).Append(',').Append(rng.Next(3)).Append(",voice,c\n");
        }
        var options = new CdrReaderOptions { Threads = 1, ChunkBytes = 500, Deduplicate = dedup, MaxRejects = RejectLimit.None };
        var rows = CdrReader.Read([ReaderHarness.Text("t.csv", sb.ToString())], () => new RowSink(), options);
        var batched = CdrReader.Read([ReaderHarness.Text("t.csv", sb.ToString())], () => new BatchSink(), options);
        var sink = Assert.Single(batched.Sinks);
        Assert.Equal(0, sink.RowCalls);
        Assert.True(sink.Batches > 10);
        Assert.Equal(Assert.Single(rows.Sinks).Items, sink.Items);
        Assert.Equal(rows.Report.Accepted, sink.Items.Count);
        Assert.Equal(rows.Report.Duplicates, batched.Report.Duplicates);
        if (dedup) Assert.True(rows.Report.Duplicates > 100);
    }

    [Fact]
    public void Time_window_is_half_open()
    {
        string text = Header
            + "13800138000,13912345678,20260531235959,1,voice,\n"
            + "13800138000,13912345678,20260601000000,1,voice,\n"
            + "13800138000,13912345678,20260630235959,1,voice,\n"
            + "13800138000,13912345678,20260701000000,1,voice,\n"
            + "13800138000,13912345678,garbage,1,voice,\n";
        var options = new CdrReaderOptions { Threads = 1, From = Seconds(2026, 6, 1, 0, 0, 0), To = Seconds(2026, 7, 1, 0, 0, 0) };
        var o = Read(text, options);
        Assert.Equal(2, o.Report.Accepted);
        Assert.Equal(2, o.Report.OutsideWindow);
        Assert.Equal(1, o.Report.Rejected);
        AssertBalanced(o.Report);
    }

    [Fact]
    public void Very_long_lines_are_rejected_without_breaking_parsing()
    {
        string longCell = new('x', 5000);
        string text = Header
            + "13800138000,13912345678,20260601081500,1,voice,a\n"
            + $"13800138001,13912345678,20260601081500,1,voice,{longCell}\n"
            + "13800138002,13912345678,20260601081500,1,voice,b\n"
            + $"13800138003,13912345678,20260601081500,1,voice,{new string('y', 900)}\n";
        var options = new CdrReaderOptions { Threads = 1, ChunkBytes = 64, MaxLineBytes = 1000 };
        var o = Read(text, options);
        Assert.Equal(["3,0,line_too_long"], RejectCells(o.Rejects));
        Assert.Equal(3, o.Report.Accepted);
        Assert.Equal(CdrReader.CellKey(new string('y', 900)), o.Cdrs.Single(c => c.Caller.ToString() == "13800138003").CellKey);
        AssertBalanced(o.Report);
    }

    [Fact]
    public void A_long_line_at_the_end_without_newline_is_rejected()
    {
        string text = Header + "13800138000,13912345678,20260601081500,1,voice,a\n13800138001,13912345678,20260601081500,1,voice," + new string('z', 3000);
        var o = Read(text, new CdrReaderOptions { Threads = 2, ChunkBytes = 64, MaxLineBytes = 1000 });
        Assert.Equal(["3,0,line_too_long"], RejectCells(o.Rejects));
        Assert.Equal(1, o.Report.Accepted);
    }

    [Fact]
    public void Reads_gzip_and_many_files_with_per_file_counts()
    {
        string a = Header + "13800138000,13912345678,20260601081500,1,voice,\nbad,13912345678,20260601081500,1,voice,\n";
        string b = Header + "13800138001,13912345678,20260601081500,1,voice,\n13800138000,13912345678,20260601081500,1,voice,\n";
        var o = Read([Text("a.csv.gz", a, gzip: true), Text("b.csv", b)]);
        Assert.Equal(4, o.Report.RowsRead);
        Assert.Equal(2, o.Report.Accepted);
        Assert.Equal(1, o.Report.Duplicates);
        Assert.Equal(["a.csv.gz", "b.csv"], o.Report.Files.Select(f => f.Name).ToArray());
        Assert.Equal(2, o.Report.Files[0].RowsRead);
        Assert.Equal(1, o.Report.Files[0].Rejected);
        Assert.Equal(1, o.Report.Files[1].Duplicates);
        Assert.Equal(Encoding.UTF8.GetByteCount(a) + Encoding.UTF8.GetByteCount(b), o.Report.BytesRead);
        Assert.StartsWith("file,line,column,reason,raw\na.csv.gz,3,1,bad_number,", o.Rejects);
    }

    [Fact]
    public void Truncated_gzip_is_a_data_error_naming_the_file()
    {
        var full = Gzip(Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Range(0, 2000).Select(i => $"1380013{i:0000},13912345678,20260601081500,{i},voice,c{i}\n"))));
        var cut = full[..(full.Length / 2)];
        var ex = Assert.Throws<DataException>(() => Read([CdrSource.FromBytes("cut.csv.gz", cut, gzip: true)]));
        Assert.StartsWith("cut.csv.gz: ", ex.Message);
        Assert.Contains("gzip", ex.Message);
    }

    [Fact]
    public void Binary_file_is_a_data_error()
    {
        var bytes = new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 10, 3, 4 };
        var ex = Assert.Throws<DataException>(() => Read([CdrSource.FromBytes("a.out", bytes)]));
        Assert.Equal("a.out:1: not a CDR text file: the header line holds binary data (NUL bytes or invalid UTF-8)", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\n\r\n")]
    public void Empty_file_is_a_data_error(string text)
    {
        var ex = Assert.Throws<DataException>(() => Read(text, name: "empty.csv"));
        Assert.Equal("empty.csv: empty file: no header line", ex.Message);
    }

    [Fact]
    public void Header_only_file_reads_nothing()
    {
        var o = Read(Header);
        Assert.Equal(0, o.Report.RowsRead);
        Assert.Null(o.Report.FirstStart);
    }

    [Fact]
    public void Missing_required_column_names_file_line_and_header()
    {
        var ex = Assert.Throws<DataException>(() => Read("\n\ncaller,callee,duration_s\n1,2,3\n", name: "m.csv"));
        Assert.Equal("m.csv:3: missing required column 'start_time' for start_time (header has: caller, callee, duration_s); map columns with --columns", ex.Message);
    }

    [Fact]
    public void Column_map_parses_and_rejects_unknown_fields()
    {
        var map = CdrColumnMap.Parse("caller=From, callee=To ,start=Datetime,duration=Dur,type=,cell=Cell Tower");
        Assert.Equal(new CdrColumnMap("From", "To", "Datetime", "Dur", null, "Cell Tower"), map);
        Assert.Equal(map, CdrColumnMap.Parse(map.ToString()));
        Assert.Throws<FormatException>(() => CdrColumnMap.Parse("callr=From"));
        Assert.Throws<FormatException>(() => CdrColumnMap.Parse("caller"));
        Assert.Throws<FormatException>(() => CdrColumnMap.Parse("caller="));
    }

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss", "2026-06-01 08:15:07", true)]
    [InlineData("dd/MM/yyyy HH:mm", "01/06/2026 08:15", true)]
    [InlineData("dd/MM/yyyy HH:mm", "01/06/2026 08:15:00", false)]
    [InlineData("yyyyMMdd", "20260601", true)]
    [InlineData("yyyyMMdd", "2026060", false)]
    public void Time_patterns(string pattern, string value, bool ok)
    {
        var format = CdrTimeFormat.Create(pattern);
        Assert.Equal(ok, format.TryParse(Encoding.ASCII.GetBytes(value), out _));
    }

    [Theory]
    [InlineData("HH:mm")]
    [InlineData("yyyy-MM-dd Q")]
    [InlineData("yyyyMMddyyyy")]
    public void Bad_time_patterns_throw(string pattern) => Assert.Throws<FormatException>(() => CdrTimeFormat.Create(pattern));

    [Fact]
    public void Same_results_with_one_or_two_threads_over_many_chunks()
    {
        var rng = new Random(7);
        var sb = new StringBuilder(Header);
        for (int i = 0; i < 5000; i++)
        {
            int kind = rng.Next(10);
            string caller = kind == 0 ? "bad" : "1380013" + rng.Next(30).ToString("0000");
            sb.Append(caller).Append(",1391234").Append(rng.Next(30).ToString("0000")).Append(",2026060").Append(1 + rng.Next(3))
              .Append("0815").Append(rng.Next(2)).Append("0,").Append(rng.Next(3)).Append(",voice,c\n");
            if (kind == 1) sb.Append('\n');
        }
        string text = sb.ToString();
        var one = Read(text, new CdrReaderOptions { Threads = 1, ChunkBytes = 300, MaxRejects = RejectLimit.None, From = Seconds(2026, 6, 1, 0, 0, 0), To = Seconds(2026, 6, 3, 0, 0, 0) });
        var two = Read(text, new CdrReaderOptions { Threads = 2, ChunkBytes = 300, MaxRejects = RejectLimit.None, From = Seconds(2026, 6, 1, 0, 0, 0), To = Seconds(2026, 6, 3, 0, 0, 0) });
        var big = Read(text, new CdrReaderOptions { Threads = 1, MaxRejects = RejectLimit.None, From = Seconds(2026, 6, 1, 0, 0, 0), To = Seconds(2026, 6, 3, 0, 0, 0) });
        Assert.True(one.Report.Duplicates > 100);
        Assert.True(one.Report.Rejected > 100);
        Assert.True(one.Report.OutsideWindow > 100);
        foreach (var other in new[] { two, big })
        {
            Assert.Equal(one.Report.RowsRead, other.Report.RowsRead);
            Assert.Equal(one.Report.Accepted, other.Report.Accepted);
            Assert.Equal(one.Report.Duplicates, other.Report.Duplicates);
            Assert.Equal(one.Report.OutsideWindow, other.Report.OutsideWindow);
            Assert.Equal(one.Report.RejectsByReason, other.Report.RejectsByReason);
            Assert.Equal(one.Cdrs, other.Cdrs);
            Assert.Equal(one.Rejects, other.Rejects);
        }
        AssertBalanced(two.Report);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('|')]
    [InlineData('\t')]
    public void Detects_other_delimiters(char d)
    {
        string text = $"caller{d}callee{d}start_time{d}duration_s{d}cell_id\n13800138000{d}13912345678{d}20260601081500{d}7{d}a,b\n";
        var cdr = Assert.Single(Read(text).Cdrs);
        Assert.Equal(CdrReader.CellKey("a,b"), cdr.CellKey);
    }

    [Fact]
    public void Large_gzip_parsed_in_many_chunks_on_two_threads_equals_plain_text()
    {
        var sb = new StringBuilder(Header);
        for (int i = 0; i < 20_000; i++) sb.Append("1380013").Append((i % 7000).ToString("0000")).Append(",13912345678,20260601081500,").Append(i % 5).Append(",voice,c\n");
        string text = sb.ToString();
        var options = new CdrReaderOptions { Threads = 2, ChunkBytes = 4096 };
        var gz = Read([Text("big.csv.gz", text, gzip: true)], options);
        var plain = Read([Text("big.csv", text)], options with { Threads = 1, ChunkBytes = 1 << 20 });
        Assert.Equal(20_000, gz.Report.RowsRead);
        Assert.Equal(plain.Report.Duplicates, gz.Report.Duplicates);
        Assert.Equal(plain.Cdrs, gz.Cdrs);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), gz.Report.BytesRead);
    }

    [Fact]
    public void Many_files_on_two_threads_keep_per_file_counts_and_monotonic_progress()
    {
        var sources = Enumerable.Range(0, 6).Select(f =>
        {
            var sb = new StringBuilder(Header);
            for (int i = 0; i < 40 * (f + 1); i++)
                sb.Append(i % 9 == 0 ? "bad" : "1380013" + (i % 50).ToString("0000")).Append(",13912345678,20260601081500,1,voice,\n");
            return Text($"f{f}.csv{(f % 2 == 1 ? ".gz" : "")}", sb.ToString(), gzip: f % 2 == 1);
        }).ToList();
        var seen = new List<IngestProgress>();
        var options = new CdrReaderOptions { Threads = 2, ChunkBytes = 200, MaxRejects = RejectLimit.None };
        var result = CdrReader.Read(sources, () => new ListSink(), options, null, new SyncProgress(seen.Add));
        var single = Read(sources, options with { Threads = 1 });
        Assert.Equal(single.Report.Files, result.Report.Files);
        Assert.Equal(Enumerable.Range(0, 6).Select(f => 40L * (f + 1)), result.Report.Files.Select(f => f.RowsRead));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone && p.First.FileIndex <= p.Second.FileIndex));
        Assert.Equal(sources.Sum(s => s.Length!.Value), seen[^1].BytesDone);
    }

    [Fact]
    public void Two_threads_give_two_sinks_in_worker_order()
    {
        var result = CdrReader.Read([Text("t.csv", Header)], () => new ListSink(), new CdrReaderOptions { Threads = 2 });
        Assert.Equal(2, result.Sinks.Count);
    }

    [Fact]
    public void Reports_progress_and_honours_cancellation()
    {
        var sb = new StringBuilder(Header);
        for (int i = 0; i < 1000; i++) sb.Append("13800138000,13912345678,20260601081500,").Append(i).Append(",voice,c\n");
        var seen = new List<IngestProgress>();
        var progress = new SyncProgress(seen.Add);
        CdrReader.Read([Text("p.csv", sb.ToString())], () => new ListSink(), new CdrReaderOptions { Threads = 2, ChunkBytes = 1000 }, null, progress);
        Assert.True(seen.Count > 10);
        Assert.Equal(1000, seen[^1].RowsRead);
        Assert.Equal(seen[^1].TotalBytes, seen[^1].BytesDone);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            CdrReader.Read([Text("p.csv", sb.ToString())], () => new ListSink(), new CdrReaderOptions { Threads = 2 }, null, null, cts.Token));
    }

    private sealed class SyncProgress(Action<IngestProgress> action) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => action(value);
    }
}
