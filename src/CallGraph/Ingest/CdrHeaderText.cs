using System.Text;

namespace CallGraph.Ingest;

/// <summary>
/// How the reader reads a dump's header line, for engines that must decide a file's columns exactly as it does:
/// the delimiter is the candidate (comma, tab, semicolon, pipe) found most often outside quotes, comma on a tie or
/// when none occurs; names are split on it with RFC 4180 quotes and trimmed.
/// </summary>
public static class CdrHeaderText
{
    private static readonly char[] DelimiterCandidates = [',', '\t', ';', '|'];

    /// <summary>The delimiter of a header line (without its line break).</summary>
    public static char DetectDelimiter(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        char best = ',';
        int bestCount = 0;
        foreach (char candidate in DelimiterCandidates)
        {
            int count = 0;
            bool quoted = false;
            foreach (char c in header)
            {
                if (c == '"') quoted = !quoted;
                else if (!quoted && c == candidate) count++;
            }
            if (count > bestCount) { best = candidate; bestCount = count; }
        }
        return best;
    }

    /// <summary>The trimmed fields of a header line split on <paramref name="delimiter"/> (doubled quotes inside quotes are one quote).</summary>
    public static List<string> Split(string line, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(line);
        var result = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == delimiter) { result.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        result.Add(field.ToString().Trim());
        return result;
    }
}
