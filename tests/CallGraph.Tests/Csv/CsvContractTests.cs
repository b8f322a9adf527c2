using CallGraph.Calibration;
using CallGraph.Csv;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Csv;

/// <summary>The shared CSV contract: what its writer writes its reader reads back, and every error points at its line and column.</summary>
public class CsvContractTests
{
    private static readonly CsvColumn A = new("a"), B = new("b", true, "bee"), C = new("c", required: false);
    private static readonly CsvContract Abc = new("test", A, B, C);

    /// <summary>Cell texts built from what CSV and spreadsheets treat specially: separators, quotes, line breaks, blanks, formula starts.</summary>
    private static Gen<string> Cell() =>
        Gen.Elements("x", "G1", "中", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t", "=", "+", "-", "@", "'", "=1+2", "")
            .ArrayOf().Select(string.Concat);

    private static string Written(IEnumerable<string[]> rows)
    {
        var text = new StringWriter();
        using (var output = Abc.Write(text))
            foreach (var row in rows)
            {
                foreach (string cell in row) output.Text(cell);
                output.EndRow();
            }
        return text.ToString();
    }

    private static List<string[]> ReadBack(string text)
    {
        var rows = new List<string[]>();
        using var table = Abc.Read(new StringReader(text), "t.csv");
        while (table.Next()) rows.Add([CsvText.Restore(table.Text(A)), CsvText.Restore(table.Text(B)), CsvText.Restore(table.Text(C))]);
        return rows;
    }

    [Property]
    public Property Writing_then_reading_gives_the_same_records() =>
        Prop.ForAll(Gen.Three(Cell()).Select(t => new[] { t.Item1, t.Item2, t.Item3 }).ListOf().ToArbitrary(), rows =>
            ReadBack(Written(rows)).Select(r => string.Join("\u0001", r)).SequenceEqual(rows.Select(r => string.Join("\u0001", r))));

    [Property]
    public Property Rows_are_written_by_the_house_rule_with_text_cells_neutralised() =>
        Prop.ForAll(Gen.Three(Cell()).ToArbitrary(), t =>
        {
            string written = Written([[t.Item1, t.Item2, t.Item3]]);
            string expected = "a,b,c\n" + CsvText.Line(CsvText.Neutralise(t.Item1), CsvText.Neutralise(t.Item2), CsvText.Neutralise(t.Item3)) + "\n";
            return written == expected;
        });

    [Fact]
    public void A_cell_that_starts_a_formula_is_written_with_a_leading_apostrophe()
    {
        Assert.Equal("a,b,c\n'=SUM(A1),'-2,\"'@x,y\"\n", Written([["=SUM(A1)", "-2", "@x,y"]]));
    }

    [Fact]
    public void Header_is_found_by_name_without_case_blanks_or_bom_in_any_order_with_aliases_and_extra_columns()
    {
        using var table = Abc.Read(new StringReader("\uFEFF extra , BEE ,A\n\n1,2,3\n"), "t.csv");
        Assert.True(table.Next());
        Assert.Equal(("3", "2", ""), (table.Text(A), table.Text(B), table.Text(C)));
        Assert.Equal((3, 2, 0), (table.ColumnOf(A), table.ColumnOf(B), table.ColumnOf(C)));
        Assert.Equal(3, table.Line);
        Assert.False(table.Next());
    }

    [Fact]
    public void Lines_count_blank_lines_every_kind_of_line_break_and_lines_inside_quoted_fields()
    {
        var lines = new List<long>();
        using var table = Abc.Read(new StringReader("a,b\r\n\r\n1,2\r3,\"x\ny\"\n\n4,5"), "t.csv");
        while (table.Next()) lines.Add(table.Line);
        Assert.Equal(new long[] { 3, 4, 7 }, lines);
    }

    [Fact]
    public void A_bad_value_names_the_file_the_line_its_record_starts_on_and_the_column_of_the_file()
    {
        using var table = Abc.Read(new StringReader("c,b,a\n\"two\nlines\",1,2\n\nx,oops,3\n"), "t.csv");
        Assert.True(table.Next());
        Assert.True(table.Next());
        var error = table.Error(B, "b 'oops' is not a number");
        Assert.Equal("t.csv:5:2: b 'oops' is not a number", error.Message);
    }

    [Theory]
    [InlineData("a,b\n1,x\"y\n", 2, 2, "a quote inside an unquoted field")]
    [InlineData("a,b\n\"x\"y,2\n", 2, 1, "text after the closing quote")]
    [InlineData("a,b\n1,2\n\n3,\"open\nmore\n", 4, 2, "not closed")]
    [InlineData("a,\"b\"c\n", 1, 2, "text after the closing quote")]
    public void Bad_quoting_names_the_line_and_the_column_where_it_goes_wrong(string text, long line, int column, string reason)
    {
        var error = Assert.Throws<DataException>(() => ReadBack(text));
        Assert.Equal(("t.csv", line, column), (error.Source, error.Line, error.Column));
        Assert.Contains(reason, error.Reason);
    }

    [Theory]
    [InlineData("\n\nc,a\n1,2\n", 3, 0, "test header lacks column b (expected a,b,c)")]
    [InlineData("a,b,c,bee\n", 1, 4, "column b appears twice in the header (columns 2 and 4)")]
    [InlineData("", 0, 0, "empty file: no header line (a test file starts with a,b,c)")]
    [InlineData("\n\r\n", 0, 0, "empty file: no header line (a test file starts with a,b,c)")]
    public void A_header_that_does_not_fit_the_contract_is_refused_where_it_is(string text, long line, int column, string reason)
    {
        var error = Assert.Throws<DataException>(() => ReadBack(text));
        Assert.Equal((line, column, reason), (error.Line, error.Column, error.Reason));
    }

    [Theory]
    [InlineData("1,x\"y", 2)]
    [InlineData("\"x\"y,2", 1)]
    [InlineData("1,\"a,\"\"b\"\"\",\"open", 3)]
    [InlineData("1,2,3 \"", 3)]
    public void The_column_of_a_quoting_fault_is_the_field_it_is_in(string raw, int column) =>
        Assert.Equal(column, CsvTable.FaultColumn(raw));

    [Fact]
    public void Records_without_a_header_are_every_record_with_its_line()
    {
        var records = CsvTable.Records(new StringReader("prefix,operator\n\n139,\"a, b\"\n"), "p.csv").ToList();
        Assert.Equal(new long[] { 1, 3 }, records.Select(r => r.Line));
        Assert.Equal(["139", "a, b"], records[1].Fields);
    }

    /// <summary>Each side-file reader, given a file whose third line has a stray quote in its second field.</summary>
    public static TheoryData<string, string> SideFiles() => new()
    {
        { "roster", "group_id,msisdn\nG1,13800000001\nG1,138\"00000002\n" },
        { "groups", "group_id,name,branch,account_manager\nG1,a,b,c\nG2,x\"y,b,c\n" },
        { "survey", "group_id,competitor_members\nG1,3\nG2,4\"\n" },
        { "labels", "group_id,msisdn,label\nG1,13800000001,fake\nG1,1\"3,fake\n" },
        { "prefixes", "prefix,operator\n139,cmcc\n138,cm\"cc\n" },
        { "ported", "msisdn,operator\n13800000001,cmcc\n13800000002,cu\"cc\n" },
        { "subscribers", "id,operator\np1,cmcc\np2,x\"y\n" },
        { "members", MembersFile.Contract.Header + "\n\nG1,1\"3\n" },
    };

    [Theory]
    [MemberData(nameof(SideFiles))]
    public void Every_side_file_reader_refuses_bad_quoting_at_its_line_and_column(string kind, string text)
    {
        var roster = Roster.Read(new StringReader("group_id,msisdn\nG1,13800000001\n"), "r.csv", NumberPlan.Default);
        Action read = kind switch
        {
            "roster" => () => Roster.Read(new StringReader(text), "f.csv", NumberPlan.Default),
            "groups" => () => Roster.ReadGroups(new StringReader(text), "f.csv"),
            "survey" => () => CoefficientCalibration.ReadSurvey(new StringReader(text), "f.csv"),
            "labels" => () => SignalWeightFit.ReadLabels(new StringReader(text), "f.csv", roster),
            "prefixes" => () => OperatorTable.ReadPrefixes(new StringReader(text), "f.csv"),
            "ported" => () => OperatorTable.ReadPorted(new StringReader(text), "f.csv"),
            "subscribers" => () => SubscriberNetworks.ReadSubscribers(new StringReader(text), "f.csv"),
            _ => () => ResultReader.ReadMembers(new StringReader(text), "f.csv"),
        };
        var error = Assert.Throws<DataException>(read);
        Assert.Equal(("f.csv", 3L, 2), (error.Source, error.Line, error.Column));
        Assert.Contains("quote", error.Reason);
    }

    [Fact]
    public void A_contract_refuses_a_name_given_twice()
    {
        Assert.Throws<ArgumentException>(() => new CsvContract("bad", new CsvColumn("a"), new CsvColumn("b", true, "A")));
    }
}
