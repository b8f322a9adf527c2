namespace CallGraph.Numbers;

/// <summary>A minimal CSV splitter for small side files (rosters, prefix tables); quotes supported.</summary>
internal static class SimpleCsv
{
    /// <summary>
    /// The non-empty lines of <paramref name="reader"/> with their 1-based line numbers (blank lines count),
    /// split into fields as <see cref="CsvSplitter"/> splits them; a BOM that opens the first line is dropped.
    /// </summary>
    public static IEnumerable<(int Line, List<string> Fields)> Rows(TextReader reader, char delimiter = ',')
    {
        var lines = new CsvLineReader(reader);
        var splitter = new CsvSplitter(delimiter);
        while (Next(lines, splitter) is { } fields) yield return (lines.Line, fields);
    }

    // Outside the iterator: the line and its fields are spans, which cannot live across a yield.
    private static List<string>? Next(CsvLineReader lines, CsvSplitter splitter)
    {
        if (!lines.TryRead(out var text)) return null;
        var fields = splitter.Split(text);
        var list = new List<string>(fields.Count);
        for (int i = 0; i < fields.Count; i++) list.Add(fields[i].ToString());
        return list;
    }
}

/// <summary>
/// Reads text line by line as <see cref="TextReader.ReadLine"/> splits it ("\n", "\r" or "\r\n"), but in
/// large blocks and without a string per line: each line is a span of an internal buffer, valid until the
/// next read. Blank lines are counted and skipped; a BOM that opens the first line is dropped.
/// </summary>
internal sealed class CsvLineReader
{
    private readonly TextReader _reader;
    private char[] _buffer;
    private int _start, _end; // the unread text is _buffer[_start.._end)
    private bool _atEnd;

    /// <summary>Reads from <paramref name="reader"/>, <paramref name="blockSize"/> characters at a time (small sizes are for tests).</summary>
    public CsvLineReader(TextReader reader, int blockSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _reader = reader;
        _buffer = new char[blockSize];
    }

    /// <summary>1-based number of the line last returned.</summary>
    public int Line { get; private set; }

    /// <summary>The next non-empty line, false at the end of the text.</summary>
    public bool TryRead(out ReadOnlySpan<char> text)
    {
        while (true)
        {
            var rest = _buffer.AsSpan(_start, _end - _start);
            int at = rest.IndexOfAny('\r', '\n');
            // A line is complete at its line break; a "\r" ending the block may be the first half of "\r\n".
            if (!_atEnd && (at < 0 || (at == rest.Length - 1 && rest[at] == '\r')))
            {
                Fill();
                continue;
            }
            if (at < 0)
            {
                if (rest.IsEmpty)
                {
                    text = default;
                    return false;
                }
                text = rest;
                _start = _end;
            }
            else
            {
                text = rest[..at];
                _start += at + (rest[at] == '\r' && at + 1 < rest.Length && rest[at + 1] == '\n' ? 2 : 1);
            }
            if (++Line == 1 && !text.IsEmpty && text[0] == '\uFEFF') text = text[1..];
            if (!text.IsEmpty) return true;
        }
    }

    /// <summary>Moves the unread text to the front, growing the buffer when one line fills it, and reads more.</summary>
    private void Fill()
    {
        int unread = _end - _start;
        if (unread == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        else if (_start > 0) _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        _start = 0;
        _end = unread;
        int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _atEnd = true;
        _end += read;
    }
}

/// <summary>
/// Splits one CSV line into fields: a field is the text between delimiters; inside double quotes a delimiter
/// is text, and "" is one quote. A line without quotes is cut directly, without copying; a line with quotes
/// is unquoted into a scratch buffer. Reused line after line; the fields are valid until the next split.
/// </summary>
internal sealed class CsvSplitter
{
    private readonly char _delimiter;
    private int[] _bounds = new int[16]; // field i is source[_bounds[2i].._bounds[2i + 1])
    private char[] _unquoted = [];
    private int _count;

    /// <summary>A splitter on <paramref name="delimiter"/>.</summary>
    public CsvSplitter(char delimiter = ',') => _delimiter = delimiter;

    /// <summary>The fields of <paramref name="line"/>.</summary>
    public CsvFields Split(ReadOnlySpan<char> line)
    {
        if (line.Contains('"')) return SplitQuoted(line);
        _count = 0;
        int from = 0;
        for (int at; (at = line[from..].IndexOf(_delimiter)) >= 0; from += at + 1) Add(from, from + at);
        Add(from, line.Length);
        return new CsvFields(line, _bounds.AsSpan(0, 2 * _count));
    }

    /// <summary>The fields of <paramref name="line"/> by the quote rules, quotes or not (the general path of <see cref="Split"/>).</summary>
    internal CsvFields SplitQuoted(ReadOnlySpan<char> line)
    {
        if (_unquoted.Length < line.Length) _unquoted = new char[Math.Max(line.Length, 2 * _unquoted.Length)];
        var output = _unquoted;
        _count = 0;
        int written = 0, fieldStart = 0;
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { output[written++] = '"'; i++; }
                else if (c == '"') quoted = false;
                else output[written++] = c;
            }
            else if (c == '"') quoted = true;
            else if (c == _delimiter) { Add(fieldStart, written); fieldStart = written; }
            else output[written++] = c;
        }
        Add(fieldStart, written);
        return new CsvFields(output.AsSpan(0, written), _bounds.AsSpan(0, 2 * _count));
    }

    private void Add(int start, int end)
    {
        if (2 * _count == _bounds.Length) Array.Resize(ref _bounds, 2 * _bounds.Length);
        _bounds[2 * _count] = start;
        _bounds[2 * _count + 1] = end;
        _count++;
    }
}

/// <summary>The fields of one split line, as spans.</summary>
internal readonly ref struct CsvFields
{
    private readonly ReadOnlySpan<char> _source;
    private readonly ReadOnlySpan<int> _bounds;

    public CsvFields(ReadOnlySpan<char> source, ReadOnlySpan<int> bounds)
    {
        _source = source;
        _bounds = bounds;
    }

    /// <summary>Number of fields (at least one).</summary>
    public int Count => _bounds.Length / 2;

    /// <summary>Field <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index] => _source[_bounds[2 * index].._bounds[2 * index + 1]];
}
