using System.Text;

namespace CallGraph.Engines.Sql;

/// <summary>
/// A start-time format as SQL can read it: a regular expression the trimmed field must match whole, and where each
/// calendar part sits. The automatic format (ISO-8601 or <c>yyyyMMddHHmmss</c>) is two such shapes; a pattern of
/// <c>yyyy MM dd HH mm ss</c> and literal characters (<see cref="Ingest.CdrReaderOptions.TimeFormat"/>) is one, with
/// every part at a fixed place.
/// </summary>
/// <param name="Regex">The whole-field regular expression.</param>
/// <param name="Year">1-based position of the 4-digit year.</param>
/// <param name="Month">Position of the 2-digit month.</param>
/// <param name="Day">Position of the 2-digit day.</param>
/// <param name="Hour">Position of the 2-digit hour, or 0 when the format has none (00).</param>
/// <param name="Minute">Position of the 2-digit minute, or 0 for none.</param>
/// <param name="Second">Position of the 2-digit second, or 0 for none; -1 when ISO's optional seconds follow a colon at position 17.</param>
public sealed record SqlTimePattern(string Regex, int Year, int Month, int Day, int Hour, int Minute, int Second)
{
    /// <summary>Compact <c>yyyyMMddHHmmss</c>.</summary>
    public static SqlTimePattern Compact { get; } = new("[0-9]{14}", 1, 5, 7, 9, 11, 13);

    /// <summary>ISO-8601 as the reader takes it: <c>yyyy-MM-dd[T ]HH:mm[:ss[.fff…]][Z]</c>.</summary>
    public static SqlTimePattern Iso { get; } = new("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?Z?", 1, 6, 9, 12, 15, -1);

    /// <summary>The shapes of a reader time format: <see cref="Compact"/> and <see cref="Iso"/> for null (automatic), else the pattern's one.</summary>
    /// <exception cref="FormatException">The pattern lacks yyyy, MM or dd, repeats a part, or has a non-ASCII character or an unknown letter.</exception>
    public static IReadOnlyList<SqlTimePattern> For(string? timeFormat) =>
        timeFormat is null ? [Compact, Iso] : [FromPattern(timeFormat)];

    private static SqlTimePattern FromPattern(string pattern)
    {
        var regex = new StringBuilder();
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
        int position = 1; // 1-based place in the field of the next part
        for (int i = 0; i < pattern.Length;)
        {
            int width = 2;
            ref int slot = ref year;
            if (string.CompareOrdinal(pattern, i, "yyyy", 0, 4) == 0) width = 4;
            else if (string.CompareOrdinal(pattern, i, "MM", 0, 2) == 0) slot = ref month;
            else if (string.CompareOrdinal(pattern, i, "dd", 0, 2) == 0) slot = ref day;
            else if (string.CompareOrdinal(pattern, i, "HH", 0, 2) == 0) slot = ref hour;
            else if (string.CompareOrdinal(pattern, i, "mm", 0, 2) == 0) slot = ref minute;
            else if (string.CompareOrdinal(pattern, i, "ss", 0, 2) == 0) slot = ref second;
            else
            {
                char c = pattern[i];
                if (c > 127) throw new FormatException($"time format '{pattern}': only ASCII literal characters are supported");
                if (char.IsAsciiLetter(c)) throw new FormatException($"time format '{pattern}': unknown part at '{pattern[i..]}' (use yyyy MM dd HH mm ss)");
                regex.Append(char.IsAsciiLetterOrDigit(c) || c == ' ' ? c.ToString() : "[" + (c is '\\' or ']' or '^' ? "\\" : "") + c + "]");
                position++;
                i++;
                continue;
            }
            if (slot != 0) throw new FormatException($"time format '{pattern}' repeats a part");
            slot = position;
            regex.Append(width == 4 ? "[0-9]{4}" : "[0-9]{2}");
            position += width;
            i += width;
        }
        if (year == 0 || month == 0 || day == 0) throw new FormatException($"time format '{pattern}' needs at least yyyy, MM and dd");
        return new SqlTimePattern(regex.ToString(), year, month, day, hour, minute, second);
    }
}
