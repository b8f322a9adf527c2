using System.Text;
using CallGraph.Numbers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Numbers;

/// <summary>The block line reader and the span splitter read side files exactly as the line-by-line splitter they replaced.</summary>
public class SimpleCsvTests
{
    /// <summary>The splitter as it was: a string per line from <see cref="TextReader.ReadLine"/>, a string builder per field.</summary>
    internal static IEnumerable<(int Line, List<string> Fields)> ReferenceRows(TextReader reader, char delimiter = ',')
    {
        int line = 0;
        string? text;
        var sb = new StringBuilder();
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (line == 1 && text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            if (text.Length == 0) continue;
            var fields = new List<string>();
            sb.Clear();
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else sb.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == delimiter) { fields.Add(sb.ToString()); sb.Clear(); }
                else sb.Append(c);
            }
            fields.Add(sb.ToString());
            yield return (line, fields);
        }
    }

    /// <summary>Texts built from the characters that matter: delimiters, quotes, blanks, line breaks of every kind, BOMs.</summary>
    internal static Gen<string> CsvText(params string[] pieces) =>
        Gen.Elements(pieces.Length > 0 ? pieces : ["a", "G1", "138", ",", ",", "\"", "\"\"", " ", "\t", "\n", "\r\n", "\r", "\uFEFF", "中"])
            .ArrayOf()
            .Select(parts => string.Concat(parts));

    private static List<(int Line, List<string> Fields)> BlockRows(string text, int blockSize, char delimiter = ',')
    {
        var lines = new CsvLineReader(new StringReader(text), blockSize);
        var splitter = new CsvSplitter(delimiter);
        var rows = new List<(int, List<string>)>();
        while (lines.TryRead(out var line))
        {
            var fields = splitter.Split(line);
            var list = new List<string>();
            for (int i = 0; i < fields.Count; i++) list.Add(fields[i].ToString());
            rows.Add((lines.Line, list));
        }
        return rows;
    }

    private static bool Same(IEnumerable<(int Line, List<string> Fields)> a, IEnumerable<(int Line, List<string> Fields)> b) =>
        a.Select(r => (r.Line, string.Join("\u0001", r.Fields))).SequenceEqual(b.Select(r => (r.Line, string.Join("\u0001", r.Fields))));

    [Property]
    public Property Block_reader_and_span_splitter_give_the_reference_rows() =>
        Prop.ForAll(Arb.From(CsvText()), Arb.From(Gen.Choose(1, 40)), Arb.From(Gen.Elements(',', '\t')), (text, blockSize, delimiter) =>
            Same(BlockRows(text, blockSize, delimiter), ReferenceRows(new StringReader(text), delimiter))
            && Same(SimpleCsv.Rows(new StringReader(text), delimiter), ReferenceRows(new StringReader(text), delimiter)));

    [Property]
    public Property Unquoted_lines_split_the_same_on_the_fast_and_the_general_path() =>
        Prop.ForAll(Arb.From(CsvText("a", "G1", "138", ",", " ", "\t", "中", "\uFEFF", "")), text =>
        {
            var splitter = new CsvSplitter();
            var fast = Fields(splitter.Split(text));
            var general = Fields(splitter.SplitQuoted(text));
            return fast.SequenceEqual(general);
        });

    private static List<string> Fields(CsvFields fields)
    {
        var list = new List<string>();
        for (int i = 0; i < fields.Count; i++) list.Add(fields[i].ToString());
        return list;
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("\uFEFF", new string[0])]
    [InlineData("\uFEFFa,b\r\n\r\nc\rd\n", new[] { "1:a|b", "3:c", "4:d" })]
    [InlineData("x,\"y,\"\"z\"\"\",\n\"\"", new[] { "1:x|y,\"z\"|", "2:" })]
    [InlineData("a\r", new[] { "1:a" })]
    public void Lines_are_numbered_as_read_and_blank_ones_skipped(string text, string[] expected)
    {
        for (int blockSize = 1; blockSize <= 8; blockSize++)
            Assert.Equal(expected, BlockRows(text, blockSize).Select(r => $"{r.Line}:{string.Join("|", r.Fields)}"));
    }

    [Fact]
    public void A_line_longer_than_a_block_is_read_whole()
    {
        string longField = new('7', 10_000);
        var rows = BlockRows($"a,{longField}\nb\n", 16);
        Assert.Equal(2, rows.Count);
        Assert.Equal(longField, rows[0].Fields[1]);
        Assert.Equal((2, "b"), (rows[1].Line, rows[1].Fields[0]));
    }
}
