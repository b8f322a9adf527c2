using System.Text;
using CallGraph.Ingest;
using CallGraph.Numbers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CallGraph.Tests.Ingest.ReaderHarness;

namespace CallGraph.Tests.Ingest;

public class CdrReaderProperties
{
    private static Gen<PhoneNumber> Numbers =>
        from kind in Gen.Choose(0, 3)
        from value in Gen.Choose(0, 99_999_999)
        select kind switch
        {
            0 => PhoneNumber.FromDigits(11, 13_800_000_000UL + (ulong)value),
            1 => PhoneNumber.FromDigits(11, 18_600_000_000UL + (ulong)value),
            2 => PhoneNumber.FromDigits(11, 1_088_000_000UL + (ulong)(value % 10_000_000)), // 010 fixed line, 11 digits with its 0
            _ => PhoneNumber.FromDigits(5, 10_086UL),
        };

    private sealed record Written(PhoneNumber Caller, PhoneNumber Callee, long Start, int Duration, CdrType Type, string? Cell);

    private static Gen<Written> Cdrs =>
        from caller in Numbers
        from callee in Numbers
        from start in Gen.Choose(0, 2_000_000_000)
        from duration in Gen.Choose(0, 100_000)
        from sms in Gen.Elements(false, true)
        from cell in Gen.Elements<string?>(null, "", "46001", "cell 7", "北京-3")
        where caller != callee
        select new Written(caller, callee, start, sms ? 0 : duration, sms ? CdrType.Sms : CdrType.Voice, cell);

    [Property(MaxTest = 60)]
    public Property A_written_cdr_reads_back_equal()
    {
        return Prop.ForAll(Cdrs.ArrayOf().ToArbitrary(), rows =>
        {
            var bytes = new MemoryStream();
            using (var writer = new CdrWriter(bytes, leaveOpen: true))
                foreach (var r in rows) writer.Write(r.Caller, r.Callee, r.Start, r.Duration, r.Type, r.Cell);
            var result = CdrReader.Read([CdrSource.FromBytes("w.csv", bytes.ToArray())], () => new ListSink(),
                new CdrReaderOptions { Threads = 1, Deduplicate = false, EarliestYear = 1, LatestYear = 9999 });
            var read = result.Sinks[0].Items;
            Assert.Equal(rows.Length, read.Count);
            for (int i = 0; i < rows.Length; i++)
            {
                var r = rows[i];
                Assert.Equal(new Cdr(r.Caller, r.Callee, r.Start, r.Duration, r.Type, CdrReader.CellKey(r.Cell)), read[i]);
            }
        });
    }

    // Cell texts that differ from each other only slightly: in one byte on either side of the cache's word
    // boundaries (8, 16), in length alone, or in the padding the reader trims.
    private static Gen<string> NearCells =>
        from stem in Gen.Elements("4600012345678901234567", "46000-12345678", "A", "tower-7", "北京-海淀-3号")
        from length in Gen.Choose(1, 22)
        from at in Gen.Elements(0, 7, 8, 9, 15, 16, 17, 21)
        from mark in Gen.Elements('x', '0', ' ', '-')
        let cut = stem.PadRight(22, '9')[..length]
        select at < cut.Length ? cut[..at] + mark + cut[(at + 1)..] : cut;

    [Property(MaxTest = 40)]
    public Property The_cached_cell_key_of_every_row_is_the_key_of_its_text()
    {
        return Prop.ForAll(NearCells.ArrayOf().ToArbitrary(), cells =>
            Assert.Equal(cells.Select(c => CdrReader.CellKey(c)), CellKeysRead(cells)));
    }

    /// <summary>The cell keys one parser gives rows whose cells are <paramref name="cells"/>, in order.</summary>
    private static IEnumerable<ulong> CellKeysRead(string[] cells)
    {
        var bytes = new MemoryStream();
        using (var writer = new CdrWriter(bytes, leaveOpen: true))
            for (int i = 0; i < cells.Length; i++)
                writer.Write(PhoneNumber.FromDigits(11, 13_800_000_000UL + (ulong)i), PhoneNumber.FromDigits(11, 13_900_000_000UL), 1_780_000_000 + i, 1, CdrType.Voice, cells[i]);
        return CdrReader.Read([CdrSource.FromBytes("cells.csv", bytes.ToArray())], () => new ListSink(),
            new CdrReaderOptions { Threads = 1, Deduplicate = false, EarliestYear = 1, LatestYear = 9999 }).Sinks[0].Items.Select(r => r.CellKey);
    }

    [Fact]
    public void Cell_keys_stay_exact_while_the_cache_grows_past_its_first_size()
    {
        // 20,000 distinct cells, twice each, in one parser: the table doubles several times in between.
        var cells = Enumerable.Range(0, 20_000).Select(i => i % 3 == 0 ? $"cell-{i}" : i % 3 == 1 ? $"46000-{i:D10}-long-suffix" : $"{i}")
            .SelectMany(c => new[] { c, c }).ToArray();
        Assert.Equal(cells.Select(c => CdrReader.CellKey(c)), CellKeysRead(cells));
    }

    private static readonly string[] GoodRows =
    [
        "13800138000,13912345678,20260601081500,60,voice,c1",
        "13800138001,13912345678,2026-06-01 08:15:00,60,sms,",
        "\"13800138002\",13912345678,20260601081500,1,v,\"a,b\"",
        "13800138003,13912345678,20260715000000,1,voice,c",   // outside the window
        "13800138004,13912345678,20260531235959,1,voice,c",   // outside the window
    ];

    private static readonly string[] BadRows =
    [
        "x,13912345678,20260601081500,60,voice,c1",
        "13800138000,13800138000,20260601081500,60,voice,c1",
        "13800138000,13912345678,2026-06-01,60,voice,c1",
        "13800138000,13912345678,20260601081500,-1,voice,c1",
        "13800138000,13912345678,20260601081500,60,fax,c1",
        "13800138000,13912345678,20260601081500,60",
        "13800138000,\"13912345678,20260601081500,60,voice,c1",
        "\0\0\0,\u00ff,,,,",
    ];

    [Property(MaxTest = 60)]
    public Property No_row_is_ever_lost_from_the_counts()
    {
        var lines = Gen.OneOf(
            Gen.Elements(GoodRows),
            Gen.Elements(BadRows),
            Gen.Constant(""),
            Gen.Choose(0, 50).Select(i => $"1390000{i:0000},13800138000,20260610120000,{i % 3},voice,c{i % 2}"));
        var cases = from rows in lines.ArrayOf()
                    from threads in Gen.Choose(1, 3)
                    from chunk in Gen.Choose(16, 400)
                    from crlf in Gen.Elements(false, true)
                    select (rows, threads, chunk, crlf);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            string eol = c.crlf ? "\r\n" : "\n";
            string text = "caller,callee,start_time,duration_s,type,cell_id" + eol + string.Join(eol, c.rows);
            var options = new CdrReaderOptions
            {
                Threads = c.threads,
                ChunkBytes = c.chunk,
                MaxRejects = RejectLimit.None,
                From = Seconds(2026, 6, 1, 0, 0, 0),
                To = Seconds(2026, 7, 1, 0, 0, 0),
                DuplicateWindowDays = null, // rows of any day may repeat here: check each against the whole input
            };
            var reference = Read(text, new CdrReaderOptions { Threads = 1, MaxRejects = RejectLimit.None, From = options.From, To = options.To, DuplicateWindowDays = null });
            var o = Read(text, options);
            long nonBlank = c.rows.Count(r => r.Length > 0);
            Assert.Equal(nonBlank, o.Report.RowsRead);
            AssertBalanced(o.Report);
            Assert.Equal(o.Report.Rejected, o.Report.RejectsByReason.Values.Sum());
            Assert.Equal(o.Report.Accepted, o.Cdrs.Count);
            Assert.Equal(o.Report.Accepted, o.Cdrs.Distinct().Count());
            Assert.Equal(reference.Cdrs, o.Cdrs);
            Assert.Equal(reference.Rejects, o.Rejects);
            Assert.Equal(reference.Report.Duplicates, o.Report.Duplicates);
        });
    }

    [Property(MaxTest = 60)]
    public Property Text_times_and_the_clock_agree()
    {
        return Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seconds =>
        {
            var t = CdrClock.ToDateTime(seconds);
            string iso = t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(CdrTimeFormat.Automatic.TryParse(Encoding.ASCII.GetBytes(iso), out long parsed));
            Assert.Equal(seconds, parsed);
            Span<byte> compact = stackalloc byte[14];
            CdrWriter.FormatTime(seconds, compact);
            Assert.True(CdrTimeFormat.Automatic.TryParse(compact, out parsed));
            Assert.Equal(seconds, parsed);
        });
    }
}

public class NumberFastPathProperties
{
    [Property(MaxTest = 2000)]
    public Property Fast_number_parsing_equals_normalisation()
    {
        var digits = Gen.Elements('0', '1', '3', '6', '8', '9', '+', ' ', '-', 'x');
        var fields = digits.ArrayOf().Select(cs => new string(cs));
        var lengthy = from head in Gen.Elements("", "86", "0086", "+86", "00", "0", "1")
                      from body in Gen.Choose(0, 999_999_999)
                      from tail in Gen.Choose(0, 99_999)
                      select head + body + tail.ToString("00000");
        return Prop.ForAll(Gen.OneOf(fields, lengthy).ToArbitrary(), text =>
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(text);
            bool fast = CdrRowParser.TryParseNumber(bytes, out var a, out var ea);
            bool slow = NumberNormalizer.TryNormalize(bytes, out var b, out var eb);
            Assert.Equal(slow, fast);
            Assert.Equal(b, a);
            Assert.Equal(eb, ea);
        });
    }
}
