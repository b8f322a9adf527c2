using System.Text;
using CallGraph.Ingest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Ingest;

/// <summary>The parser's fast path for plain files against its general path: same CDRs, counters and rejects.</summary>
public class PlainPathProperties
{
    private static Gen<string> Numbers =>
        Gen.OneOf(
            Gen.Elements("13800138000", "02033669063", "10086", "8613800138000", "8612345678901", "+8613800138000",
                "008613800138000", "0013800138000", "00", "0", "000", "", " 13800138000", "13800138000 ", "138-0013-8000",
                "(010)12345678", "123456789012345", "1234567890123456", "x1", "1x", "+", "\"13800138000\"", "13912345678"),
            from prefix in Gen.Elements("", "", "0", "00", "86", "+86", "1", "8")
            from digits in Gen.Choose(0, int.MaxValue)
            from cut in Gen.Choose(1, 10)
            select prefix + digits.ToString(System.Globalization.CultureInfo.InvariantCulture)[..Math.Min(cut, digits.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)]);

    private static Gen<string> Times =>
        Gen.OneOf(
            Gen.Elements("20260601081500", "20260230120000", "20240229000000", "20230229000000", "21000229000000",
                "20000229235959", "00000101000000", "20261301000000", "20260600000000", "20260601240000", "20260601086000",
                "20260601081560", "2026060108150", "202606010815000", "2026-06-01T08:15:00", "2026-06-01 08:15:00",
                "2026-06-01 08:15", "2026-06-01T08:15:00Z", "2026-06-01 08:15:00.250", "2026-02-30 08:15:00",
                "2026-06-01X08:15:00", "2026/06/01 08:15:00", "2026-6-01 08:15:00", " 20260601081500", "20260601081500 ",
                "2026-06-01 08:15:0x", "2026-06-01 08-15-00", "", "x"),
            from year in Gen.Elements(0, 1, 1969, 1970, 2000, 2024, 2026, 2100, 9999)
            from month in Gen.Choose(0, 13)
            from day in Gen.Choose(0, 32)
            from hour in Gen.Choose(0, 24)
            from minute in Gen.Choose(0, 60)
            from second in Gen.Choose(0, 60)
            from iso in Gen.Elements(0, 1, 2)
            select iso switch
            {
                0 => $"{year:0000}{month:00}{day:00}{hour:00}{minute:00}{second:00}",
                1 => $"{year:0000}-{month:00}-{day:00}T{hour:00}:{minute:00}:{second:00}",
                _ => $"{year:0000}-{month:00}-{day:00} {hour:00}:{minute:00}:{second:00}",
            });

    private static Gen<string> Durations =>
        Gen.OneOf(
            Gen.Elements("0", "60", "-1", "-0", "+5", "", " 60", "60 ", "12345678", "123456789", "2147483647", "2147483648",
                "00000060", "6a", "1.5", "-", "\"7\""),
            Gen.Choose(0, 100_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Gen<string> Types =>
        Gen.Elements("voice", "VOICE", "Voice", "vOiCe", "sms", "SMS", "Sms", "v", "s", "V", "0", "1", "call", "text",
            "fax", "", " sms", "voice ", "voicf", "smt", "vo1ce", "v\u00efice", "\"sms\"");

    private static Gen<string> Cells =>
        Gen.Elements("", "46000-3623917", "c1", " c ", "\t", "\"a,b\"", "北京-3", "cell 7", "a\"b",
            "46000-36239174600036239174600036239174600036239174600036239174600036239174600036239", new string('y', 130));

    private static Gen<string> Rows(char delimiter) =>
        from caller in Numbers
        from callee in Gen.Frequency((3, Numbers), (1, Gen.Constant("\0same")))
        from time in Times
        from duration in Durations
        from type in Types
        from cell in Cells
        from shape in Gen.Frequency((12, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)))
        let fields = new[] { caller, callee == "\0same" ? caller : callee, time, duration, type, cell }
        let row = string.Join(delimiter, fields)
        select shape switch
        {
            0 => row,
            1 => row + delimiter,                            // tolerated trailing delimiter
            2 => string.Join(delimiter, fields[..5]),        // a field short
            _ => row + delimiter + "extra",                  // a field too many
        };

    private sealed record Case(string[] Rows, char Delimiter, string Eol, bool FinalEol, bool Window, bool Pattern);

    private static Gen<Case> Cases =>
        from delimiter in Gen.Elements(',', ',', ';', '\t', '|')
        from rows in Gen.Frequency((8, Rows(delimiter)), (1, Gen.Constant(""))).ArrayOf()
        from eol in Gen.Elements("\n", "\r\n")
        from finalEol in Gen.Elements(false, true)
        from window in Gen.Elements(false, true)
        from pattern in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Case(rows, delimiter, eol, finalEol, window, pattern);

    private static (CdrRowParser Parser, Chunk Chunk) Parse(Case c, bool plainPath)
    {
        string d = c.Delimiter.ToString();
        var header = CdrHeader.Parse(Encoding.UTF8.GetBytes(string.Join(d, "caller", "callee", "start_time", "duration_s", "type", "cell_id")),
            new CdrReaderOptions { Delimiter = c.Delimiter }, "t.csv", 1);
        Assert.True(header.IsPlain);
        var bytes = Encoding.UTF8.GetBytes(string.Join(c.Eol, c.Rows) + (c.FinalEol ? c.Eol : ""));
        var chunk = new Chunk(Math.Max(bytes.Length, 1));
        chunk.Reset(new CdrFile(0, "t.csv", header), firstLine: 2);
        bytes.CopyTo(chunk.Buffer, 0);
        chunk.Length = bytes.Length;
        var time = c.Pattern ? CdrTimeFormat.Create("yyyy-MM-dd HH:mm:ss") : CdrTimeFormat.Automatic;
        long? from = c.Window ? ReaderHarness.Seconds(2026, 6, 1, 0, 0, 0) : null;
        long? to = c.Window ? ReaderHarness.Seconds(2026, 7, 1, 0, 0, 0) : null;
        var parser = new CdrRowParser(time, from, to) { UsePlainPath = plainPath };
        parser.Parse(chunk);
        return (parser, chunk);
    }

    [Property(MaxTest = 1500)]
    public Property The_fast_path_and_the_general_path_agree()
    {
        return Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var (general, g) = Parse(c, plainPath: false);
            var (fast, f) = Parse(c, plainPath: true);
            Assert.Equal(general.Count, fast.Count);
            Assert.Equal(general.Cdrs.AsSpan(0, general.Count).ToArray(), fast.Cdrs.AsSpan(0, fast.Count).ToArray());
            Assert.Equal(general.Fingerprints.AsSpan(0, general.Count).ToArray(), fast.Fingerprints.AsSpan(0, fast.Count).ToArray());
            Assert.Equal(g.RowsRead, f.RowsRead);
            Assert.Equal(g.Rejected, f.Rejected);
            Assert.Equal(g.OutsideWindow, f.OutsideWindow);
            Assert.Equal(g.ByReason, f.ByReason);
            Assert.Equal(g.MinStart, f.MinStart);
            Assert.Equal(g.MaxStart, f.MaxStart);
            Assert.Equal(g.Rejects, f.Rejects);
        });
    }

    [Property(MaxTest = 3000)]
    public Property Digit_packing_reads_exactly_the_field()
    {
        var bytes = Gen.Elements((byte)'0', (byte)'1', (byte)'5', (byte)'9', (byte)'/', (byte)':', (byte)',', (byte)' ', (byte)0, (byte)0xFF);
        var cases = from before in Gen.ArrayOf(bytes, 16)
                    from length in Gen.Choose(1, 16)
                    from digits in Gen.ArrayOf(Gen.Frequency((12, Gen.Choose('0', '9').Select(c => (byte)c)), (1, bytes)), length)
                    select (before, digits);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var buffer = c.before.Concat(c.digits).ToArray();
            int end = buffer.Length, length = c.digits.Length;
            bool valid = c.digits.All(b => b is >= (byte)'0' and <= (byte)'9');
            ulong expected = valid ? ulong.Parse(Encoding.ASCII.GetString(c.digits), System.Globalization.CultureInfo.InvariantCulture) : 0;
            Assert.Equal(valid, CdrRowParser.TryPackDigitsScalar(ref buffer[0], end, length, out ulong scalar));
            if (valid) Assert.Equal(expected, scalar);
            if (System.Runtime.Intrinsics.X86.Sse41.IsSupported)
            {
                Assert.Equal(valid, CdrRowParser.TryPackDigitsVector(ref buffer[0], end, length, out ulong vector));
                if (valid) Assert.Equal(expected, vector);
            }
        });
    }

    [Theory]
    [InlineData("13928647235,02033669063,20260601235438,61,voice,46000-3623917", "13928647235", "02033669063", "2026-06-01 23:54:38", 61, CdrType.Voice, "46000-3623917")]
    [InlineData("10086,13924298075,2026-06-01T11:56:13,9,SMS,", "10086", "13924298075", "2026-06-01 11:56:13", 0, CdrType.Sms, "")]
    [InlineData("013800138000,13800138000,2024-02-29 00:00:00,00000060,Voice, c \r", "013800138000", "13800138000", "2024-02-29 00:00:00", 60, CdrType.Voice, "c")]
    [InlineData("13928647235,02033669063,2026-06-01 23:54:38,61,voice,46000-3623917-46000-3623917-46000-3623917", "13928647235", "02033669063", "2026-06-01 23:54:38", 61, CdrType.Voice, "46000-3623917-46000-3623917-46000-3623917")]
    public void Typical_rows_take_the_fast_path(string row, string caller, string callee, string start, int duration, CdrType type, string cell)
    {
        var header = CdrHeader.Parse("caller,callee,start_time,duration_s,type,cell_id"u8, new CdrReaderOptions(), "t.csv", 1);
        var bytes = Encoding.UTF8.GetBytes(new string('\n', 16) + row + "\n" + new string('\n', 128));
        var chunk = new Chunk(bytes.Length);
        chunk.Reset(new CdrFile(0, "t.csv", header), firstLine: 2);
        bytes.CopyTo(chunk.Buffer, 0);
        chunk.Length = bytes.Length;
        var parser = new CdrRowParser(CdrTimeFormat.Automatic, null, null);
        Assert.True(parser.TryParsePlain(chunk, bytes, 16, (byte)',', out int newline));
        Assert.Equal(16 + row.Length, newline);
        parser.ResolveCells(bytes); // the fast path leaves the cell key to the end of the chunk
        var seconds = CdrClock.FromDateTime(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        var expected = new Cdr(CallGraph.Numbers.NumberNormalizer.Normalize(caller), CallGraph.Numbers.NumberNormalizer.Normalize(callee), seconds, duration, type, CdrReader.CellKey(cell));
        Assert.Equal(expected, Assert.Single(parser.Cdrs.AsSpan(0, parser.Count).ToArray()));
    }
}
