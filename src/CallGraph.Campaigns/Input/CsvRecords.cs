using System.Text;
using CallGraph.Ingest;

namespace CallGraph.Campaigns.Input;

/// <summary>
/// A small RFC 4180 record reader: comma-separated, fields optionally in double quotes (a doubled
/// quote inside is one quote; quoted fields may span lines). Tracks the line each record starts on.
/// Files here are small (prospect lists, feedback), so clarity wins over speed.
/// </summary>
internal sealed class CsvRecords(TextReader reader, string source)
{
    private long _nextLine = 1;

    /// <summary>The 1-based line the last record returned started on.</summary>
    public long Line { get; private set; }

    /// <summary>Reads the next non-blank record; null at the end of input.</summary>
    public List<string>? Next()
    {
        while (true)
        {
            Line = _nextLine;
            var fields = ReadRecord();
            if (fields is null) return null;
            if (fields.Count == 1 && fields[0].Length == 0) continue; // blank line
            return fields;
        }
    }

    private List<string>? ReadRecord()
    {
        int c = reader.Read();
        if (c < 0) return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        while (true)
        {
            if (quoted)
            {
                if (c < 0) throw new DataException(source, Line, fields.Count + 1, "a quoted field is not closed before the end of the file");
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') _nextLine++;
                    field.Append((char)c);
                }
            }
            else if (c < 0 || c == '\n' || c == '\r')
            {
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                if (c >= 0) _nextLine++;
                fields.Add(field.ToString());
                return fields;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                wasQuoted = false;
            }
            else if (c == '"' && field.Length == 0 && !wasQuoted)
            {
                quoted = wasQuoted = true;
            }
            else if (wasQuoted && !char.IsWhiteSpace((char)c))
            {
                throw new DataException(source, Line, fields.Count + 1, "text after the closing quote of a field");
            }
            else
            {
                field.Append((char)c);
            }
            c = reader.Read();
        }
    }
}

/// <summary>
/// Writes CSV the way the project's other outputs do: '\n' line ends, quotes only where needed; text fields are
/// neutralised against spreadsheet formulas by the caller with the core's <see cref="Output.CsvText.Neutralise"/>.
/// </summary>
internal static class CsvText
{
    public static void WriteRow(TextWriter writer, IEnumerable<string> fields)
    {
        bool first = true;
        foreach (string field in fields)
        {
            if (!first) writer.Write(',');
            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0) writer.Write('"' + field.Replace("\"", "\"\"") + '"');
            else writer.Write(field);
        }
        writer.Write('\n');
    }
}
