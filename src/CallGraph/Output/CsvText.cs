using System.Globalization;
using System.Text;
using CallGraph.Ingest;

namespace CallGraph.Output;

/// <summary>Culture-invariant CSV field formatting shared by all writers.</summary>
public static class CsvText
{
    /// <summary>Quotes a field when it holds a delimiter, quote or line break.</summary>
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

    /// <summary>Joins fields into one CSV line (no line break).</summary>
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
