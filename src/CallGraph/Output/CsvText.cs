using System.Globalization;
using System.Text;
using CallGraph.Ingest;

namespace CallGraph.Output;

/// <summary>
/// Culture-invariant CSV field formatting shared by all writers. Text fields (ids, names, branches,
/// managers, reasons, raw reject text, notes …) go through <see cref="Text"/>, which neutralises
/// spreadsheet formulas (<see cref="Neutralise"/>) and then quotes (<see cref="Field"/>); numbers are
/// formatted by <see cref="Number(double)"/> and only quoted, so a negative number stays a number.
/// </summary>
public static class CsvText
{
    /// <summary>
    /// A text field as every CSV writer of the project writes it: <see cref="Neutralise"/>d, then quoted
    /// by <see cref="Field"/> when it holds a delimiter, quote or line break.
    /// </summary>
    public static string Text(string value) => Field(Neutralise(value));

    /// <summary>
    /// Makes a text value safe to open in a spreadsheet (OWASP CSV injection): a value that starts with
    /// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return — after any leading apostrophes —
    /// gets one more leading <c>'</c>, which spreadsheets show as text instead of evaluating. Any other value is
    /// returned unchanged. Apply it to text columns only, never to a formatted number.
    /// <see cref="Restore"/> undoes it exactly.
    /// </summary>
    public static string Neutralise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return NeedsNeutralising(value) ? "'" + value : value;
    }

    /// <summary>
    /// Reads back a value written by <see cref="Neutralise"/>: drops the apostrophe it added; any other value is returned
    /// unchanged (so <c>Restore(Neutralise(s)) == s</c> for every string).
    /// </summary>
    public static string Restore(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 && value[0] == '\'' && NeedsNeutralising(value.AsSpan(1)) ? value[1..] : value;
    }

    /// <summary>True when <paramref name="value"/>, after any leading apostrophes, starts with a character a spreadsheet reads as a formula.</summary>
    public static bool NeedsNeutralising(ReadOnlySpan<char> value)
    {
        int i = 0;
        while (i < value.Length && value[i] == '\'') i++;
        return i < value.Length && value[i] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    /// <summary>Quotes a field when it holds a delimiter, quote or line break (no formula neutralising: see <see cref="Text"/>).</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IndexOfAny(Special) < 0) return value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static readonly char[] Special = { ',', '"', '\n', '\r' };

    /// <summary>A ratio or score with up to 4 decimals, "." as separator.</summary>
    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>An optional number; empty when absent.</summary>
    public static string Number(double? value) => value is double v ? Number(v) : "";

    /// <summary>An integer.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A dump-clock time as ISO-8601 without zone.</summary>
    public static string Time(long startSeconds) =>
        CdrClock.ToDateTime(startSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Joins already formatted fields into one CSV line (no line break); each is quoted by <see cref="Field"/>: pass text values through <see cref="Neutralise"/>.</summary>
    public static string Line(params string[] fields)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Field(fields[i]));
        }
        return sb.ToString();
    }
}
