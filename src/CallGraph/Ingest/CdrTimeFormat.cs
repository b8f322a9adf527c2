namespace CallGraph.Ingest;

/// <summary>
/// Parses start times from UTF-8 fields into seconds since 1970-01-01 on the dump's own clock, without
/// allocating. Either automatic (ISO-8601 or <c>yyyyMMddHHmmss</c>) or a compiled pattern made of
/// <c>yyyy MM dd HH mm ss</c> and literal ASCII characters.
/// </summary>
internal sealed class CdrTimeFormat
{
    private enum Part : byte { Literal, Year, Month, Day, Hour, Minute, Second }

    private readonly (Part Part, byte Literal)[]? _parts;

    private CdrTimeFormat((Part, byte)[]? parts) => _parts = parts;

    /// <summary>ISO-8601 or compact <c>yyyyMMddHHmmss</c>.</summary>
    public static CdrTimeFormat Automatic { get; } = new(null);

    /// <summary>Compiles a pattern, or returns <see cref="Automatic"/> for null.</summary>
    /// <exception cref="FormatException">The pattern lacks yyyy, MM or dd, repeats a part, or has non-ASCII characters.</exception>
    public static CdrTimeFormat Create(string? pattern)
    {
        if (pattern is null) return Automatic;
        var parts = new List<(Part, byte)>();
        var seen = new HashSet<Part>();
        for (int i = 0; i < pattern.Length;)
        {
            Part part = Part.Literal;
            int width = 1;
            if (Match(pattern, i, "yyyy")) { part = Part.Year; width = 4; }
            else if (Match(pattern, i, "MM")) { part = Part.Month; width = 2; }
            else if (Match(pattern, i, "dd")) { part = Part.Day; width = 2; }
            else if (Match(pattern, i, "HH")) { part = Part.Hour; width = 2; }
            else if (Match(pattern, i, "mm")) { part = Part.Minute; width = 2; }
            else if (Match(pattern, i, "ss")) { part = Part.Second; width = 2; }
            char c = pattern[i];
            if (part == Part.Literal)
            {
                if (c > 127) throw new FormatException($"time format '{pattern}': only ASCII literal characters are supported");
                if (char.IsAsciiLetter(c)) throw new FormatException($"time format '{pattern}': unknown part at '{pattern[i..]}' (use yyyy MM dd HH mm ss)");
                parts.Add((Part.Literal, (byte)c));
            }
            else
            {
                if (!seen.Add(part)) throw new FormatException($"time format '{pattern}' repeats a part");
                parts.Add((part, 0));
            }
            i += width;
        }
        if (!seen.Contains(Part.Year) || !seen.Contains(Part.Month) || !seen.Contains(Part.Day))
            throw new FormatException($"time format '{pattern}' needs at least yyyy, MM and dd");
        return new CdrTimeFormat(parts.ToArray());
    }

    private static bool Match(string s, int at, string token) => string.CompareOrdinal(s, at, token, 0, token.Length) == 0;

    /// <summary>Parses a trimmed field; false when it is not a valid time in this format.</summary>
    public bool TryParse(ReadOnlySpan<byte> field, out long seconds) =>
        _parts is null ? TryParseAutomatic(field, out seconds) : TryParsePattern(field, out seconds);

    private bool TryParsePattern(ReadOnlySpan<byte> s, out long seconds)
    {
        seconds = 0;
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
        int pos = 0;
        foreach (var (part, literal) in _parts!)
        {
            if (part == Part.Literal)
            {
                if (pos >= s.Length || s[pos] != literal) return false;
                pos++;
                continue;
            }
            int width = part == Part.Year ? 4 : 2;
            if (!TryDigits(s, pos, width, out int value)) return false;
            pos += width;
            switch (part)
            {
                case Part.Year: year = value; break;
                case Part.Month: month = value; break;
                case Part.Day: day = value; break;
                case Part.Hour: hour = value; break;
                case Part.Minute: minute = value; break;
                default: second = value; break;
            }
        }
        return pos == s.Length && TryCompose(year, month, day, hour, minute, second, out seconds);
    }

    private static bool TryParseAutomatic(ReadOnlySpan<byte> s, out long seconds)
    {
        seconds = 0;
        int year, month, day, hour, minute, second = 0;
        if (s.Length == 14)
        {
            // yyyyMMddHHmmss
            return TryDigits(s, 0, 4, out year) && TryDigits(s, 4, 2, out month) && TryDigits(s, 6, 2, out day)
                && TryDigits(s, 8, 2, out hour) && TryDigits(s, 10, 2, out minute) && TryDigits(s, 12, 2, out second)
                && TryCompose(year, month, day, hour, minute, second, out seconds);
        }
        // yyyy-MM-dd[T ]HH:mm[:ss[.fff…]][Z]
        if (s.Length < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':') return false;
        if (!TryDigits(s, 0, 4, out year) || !TryDigits(s, 5, 2, out month) || !TryDigits(s, 8, 2, out day)
            || !TryDigits(s, 11, 2, out hour) || !TryDigits(s, 14, 2, out minute)) return false;
        int pos = 16;
        if (pos < s.Length && s[pos] == ':')
        {
            if (!TryDigits(s, pos + 1, 2, out second)) return false;
            pos += 3;
            if (pos < s.Length && s[pos] == '.')
            {
                pos++;
                int start = pos;
                while (pos < s.Length && (uint)(s[pos] - '0') <= 9) pos++;
                if (pos == start) return false;
            }
        }
        if (pos < s.Length && s[pos] == 'Z') pos++;
        return pos == s.Length && TryCompose(year, month, day, hour, minute, second, out seconds);
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        if (at + count > s.Length) return false;
        for (int i = at; i < at + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    /// <summary>True for <see cref="Automatic"/>: ISO-8601 or compact, no compiled pattern.</summary>
    public bool IsAutomatic => _parts is null;

    /// <summary>Validates the calendar fields and converts them to seconds since 1970-01-01.</summary>
    internal static bool TryCompose(int year, int month, int day, int hour, int minute, int second, out long seconds)
    {
        seconds = 0;
        if (hour > 23 || minute > 59 || second > 59 || !TryDay(year, month, day, out long days)) return false;
        seconds = days * 86400L + hour * 3600 + minute * 60 + second;
        return true;
    }

    /// <summary>Validates a calendar date and gives its day number since 1970-01-01 (the date half of <see cref="TryCompose"/>).</summary>
    internal static bool TryDay(int year, int month, int day, out long days)
    {
        days = 0;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
        days = DaysSinceEpoch(year, month, day);
        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days from 1970-01-01 to the given proleptic Gregorian date (a March-based year makes leap days last).</summary>
    internal static long DaysSinceEpoch(int year, int month, int day)
    {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097L + dayOfEra - 719468;
    }
}
