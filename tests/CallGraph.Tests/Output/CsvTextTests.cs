using CallGraph.Output;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Output;

/// <summary>Spreadsheet formula injection: text fields that a spreadsheet would evaluate are written as text.</summary>
public class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("'=x", "''=x")]
    [InlineData("G1", "G1")]
    [InlineData("a=b", "a=b")]
    [InlineData("'plain", "'plain")]
    [InlineData("", "")]
    public void Text_fields_starting_a_formula_get_an_apostrophe(string value, string written) =>
        Assert.Equal(written, CsvText.Text(value));

    [Fact]
    public void Numbers_are_not_neutralised()
    {
        Assert.Equal("-1.5", CsvText.Number(-1.5));
        Assert.Equal("-3", CsvText.Number(-3L));
        Assert.Equal("g,-3", CsvText.Line("g", CsvText.Number(-3L)));
        var w = new StringWriter();
        var row = new CsvRowWriter(w);
        row.Text("-x");
        row.Number(-2.25);
        row.Number(-7L);
        row.EndRow();
        row.Flush();
        Assert.Equal("'-x,-2.25,-7\n", w.ToString());
    }

    [Property]
    public Property Restore_undoes_neutralise() =>
        Prop.ForAll(Gen.Elements("=", "+", "-", "@", "\t", "\r", "'", "a", "1", " ", ",").ArrayOf().Select(string.Concat).ToArbitrary(),
            s => CsvText.Restore(CsvText.Neutralise(s)) == s && !CsvText.NeedsNeutralising(CsvText.Neutralise(s).TrimStart('\'')) == !CsvText.NeedsNeutralising(s));

    [Property]
    public Property A_neutralised_field_never_starts_a_formula() =>
        Prop.ForAll(Gen.Elements("=", "+", "-", "@", "\t", "\r", "'", "a", "1").ArrayOf().Select(string.Concat).ToArbitrary(),
            s => CsvText.Neutralise(s) is var n && (n.Length == 0 || n[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')));
}
