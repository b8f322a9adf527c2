using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using CallGraph.Numbers;

namespace CallGraph.Ingest;

/// <summary>The CDR field a column holds.</summary>
internal enum CdrField : sbyte
{
    None = -1,
    Caller = 0,
    Callee = 1,
    StartTime = 2,
    Duration = 3,
    Type = 4,
    Cell = 5,
}

/// <summary>A parsed header line: delimiter, column count and which column holds which field.</summary>
internal sealed class CdrHeader
{
    private static readonly char[] DelimiterCandidates = [',', '\t', ';', '|'];

    private CdrHeader(byte delimiter, CdrField[] fields, int[] columnOf)
    {
        Delimiter = delimiter;
        FieldOfColumn = fields;
        ColumnOf = columnOf;
    }

    public byte Delimiter { get; }

    /// <summary>Field of each column, index = column - 1.</summary>
    public CdrField[] FieldOfColumn { get; }

    /// <summary>1-based column of each <see cref="CdrField"/>, 0 when absent.</summary>
    public int[] ColumnOf { get; }

    public int ColumnCount => FieldOfColumn.Length;

    public bool HasType => ColumnOf[(int)CdrField.Type] > 0;

    /// <summary>Parses the header line (BOM and line end already removed).</summary>
    /// <exception cref="DataException">Binary data, or a required column is missing.</exception>
    public static CdrHeader Parse(ReadOnlySpan<byte> line, CdrReaderOptions options, string source, long lineNumber)
    {
        if (line.IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(line))
            throw new DataException(source, lineNumber, 0, "not a CDR text file: the header line holds binary data (NUL bytes or invalid UTF-8)");
        string text = Encoding.UTF8.GetString(line);
        char delimiter = options.Delimiter ?? Detect(text);
        if (delimiter > 127) throw new ArgumentException($"delimiter '{delimiter}' is not an ASCII character", nameof(options));
        var names = Split(text, delimiter);
        if (names.Count > 1 && names[^1].Length == 0) names.RemoveAt(names.Count - 1); // trailing delimiter

        var map = options.Columns;
        string?[] wanted = [map.Caller, map.Callee, map.StartTime, map.Duration, map.Type, map.Cell];
        var fields = new CdrField[names.Count];
        Array.Fill(fields, CdrField.None);
        var columnOf = new int[wanted.Length];
        for (int f = 0; f < wanted.Length; f++)
        {
            string? name = wanted[f];
            if (string.IsNullOrWhiteSpace(name)) continue;
            int index = names.FindIndex(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                if (f <= (int)CdrField.Duration)
                    throw new DataException(source, lineNumber, 0,
                        $"missing required column '{name}' for {FieldName((CdrField)f)} (header has: {string.Join(", ", names)}); map columns with --columns");
                continue;
            }
            if (fields[index] != CdrField.None)
                throw new DataException(source, lineNumber, index + 1, $"column '{names[index]}' is mapped to both {FieldName(fields[index])} and {FieldName((CdrField)f)}");
            fields[index] = (CdrField)f;
            columnOf[f] = index + 1;
        }
        return new CdrHeader((byte)delimiter, fields, columnOf);
    }

    private static string FieldName(CdrField field) => field switch
    {
        CdrField.Caller => "caller",
        CdrField.Callee => "callee",
        CdrField.StartTime => "start_time",
        CdrField.Duration => "duration_s",
        CdrField.Type => "type",
        _ => "cell_id",
    };

    /// <summary>The candidate delimiter that occurs most often outside quotes (comma on a tie or none).</summary>
    private static char Detect(string header)
    {
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

    private static List<string> Split(string line, char delimiter)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"' && sb.Length == 0) quoted = true;
            else if (c == delimiter) { result.Add(sb.ToString().Trim()); sb.Clear(); }
            else sb.Append(c);
        }
        result.Add(sb.ToString().Trim());
        return result;
    }
}

/// <summary>One input being read: its name, index and header.</summary>
internal sealed record CdrFile(int Index, string Name, CdrHeader Header);

/// <summary>A rejected row waiting to be written in input order.</summary>
internal readonly record struct PendingReject(string File, long Line, int Column, RejectReason Reason, string Raw);

/// <summary>
/// A run of whole lines handed to a worker, and what the worker made of them. Reused: the reader keeps a
/// small pool so buffers are allocated once per run, not per chunk.
/// </summary>
internal sealed class Chunk
{
    public byte[] Buffer;
    public int Length;
    public CdrFile File = null!;
    public long FirstLine;
    public long RawPosition;

    public long Sequence; // order of the chunk in the whole read
    public long RowsRead, Accepted, Rejected, Duplicates, Unchecked, OutsideWindow;
    public readonly long[] ByReason = new long[RejectReasons.Count];
    public long MinStart, MaxStart;
    public readonly List<PendingReject> Rejects = [];
    public Exception? Error;
    public readonly ManualResetEventSlim Done = new(false);

    public Chunk(int size) => Buffer = new byte[size];

    public void Reset(CdrFile file, long firstLine)
    {
        File = file;
        FirstLine = firstLine;
        Length = 0;
        RowsRead = Accepted = Rejected = Duplicates = Unchecked = OutsideWindow = 0;
        Array.Clear(ByReason);
        MinStart = long.MaxValue;
        MaxStart = long.MinValue;
        Rejects.Clear();
        Error = null;
        Done.Reset();
    }

    public void Reject(long line, int column, RejectReason reason, ReadOnlySpan<byte> raw)
    {
        Rejected++;
        ByReason[(int)reason]++;
        Rejects.Add(new PendingReject(File.Name, line, column, reason, Encoding.UTF8.GetString(raw)));
    }
}

/// <summary>
/// Turns the lines of a chunk into CDRs, allocation-free except for rejected rows. One per worker: it owns
/// the scratch space for unquoting fields and the batch of parsed CDRs.
/// </summary>
internal sealed class CdrRowParser
{
    private readonly CdrTimeFormat _time;
    private readonly long _from;
    private readonly long _to;
    private byte[] _scratch = new byte[256];

    public Cdr[] Cdrs = new Cdr[4096];
    public ulong[] Fingerprints = new ulong[4096];
    public int Count;

    public CdrRowParser(CdrTimeFormat time, long? from, long? to)
    {
        _time = time;
        _from = from ?? long.MinValue;
        _to = to ?? long.MaxValue;
    }

    /// <summary>Parses every line of the chunk: valid in-window rows into the batch, the rest counted.</summary>
    public void Parse(Chunk chunk)
    {
        Count = 0;
        var header = chunk.File.Header;
        ReadOnlySpan<byte> data = chunk.Buffer.AsSpan(0, chunk.Length);
        long line = chunk.FirstLine;
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            ReadOnlySpan<byte> text;
            if (newline < 0) { text = data; data = default; }
            else { text = data[..newline]; data = data[(newline + 1)..]; }
            if (!text.IsEmpty && text[^1] == '\r') text = text[..^1];
            if (!text.IsEmpty)
            {
                chunk.RowsRead++;
                ParseRow(chunk, header, text, line);
            }
            line++;
        }
    }

    private ref struct Fields
    {
        public ReadOnlySpan<byte> Caller, Callee, Start, Duration, Type, Cell;
    }

    private void ParseRow(Chunk chunk, CdrHeader header, ReadOnlySpan<byte> text, long line)
    {
        var f = new Fields();
        byte delimiter = header.Delimiter;
        var fieldOfColumn = header.FieldOfColumn;
        int column = 0;        // count of fields seen so far
        int pos = 0;
        int scratchUsed = 0;
        bool lastEmpty = false;
        while (true)
        {
            ReadOnlySpan<byte> field;
            bool last;
            if (pos < text.Length && text[pos] == '"')
            {
                if (!TryUnquote(text, ref pos, delimiter, ref scratchUsed, out int fieldStart, out last))
                {
                    chunk.Reject(line, column + 1, RejectReason.BadQuote, text);
                    return;
                }
                field = _scratch.AsSpan(fieldStart, scratchUsed - fieldStart);
            }
            else
            {
                var rest = text[pos..];
                int d = rest.IndexOf(delimiter);
                if (d < 0) { field = rest; last = true; }
                else { field = rest[..d]; pos += d + 1; last = false; }
            }
            if (column < fieldOfColumn.Length)
            {
                switch (fieldOfColumn[column])
                {
                    case CdrField.Caller: f.Caller = field; break;
                    case CdrField.Callee: f.Callee = field; break;
                    case CdrField.StartTime: f.Start = field; break;
                    case CdrField.Duration: f.Duration = field; break;
                    case CdrField.Type: f.Type = field; break;
                    case CdrField.Cell: f.Cell = field; break;
                }
            }
            column++;
            if (last) { lastEmpty = field.IsEmpty; break; }
        }
        // A trailing delimiter adds one empty field; tolerate it.
        if (column != header.ColumnCount && !(column == header.ColumnCount + 1 && lastEmpty))
        {
            chunk.Reject(line, 0, RejectReason.FieldCount, text);
            return;
        }

        var columnOf = header.ColumnOf;
        if (!TryParseNumber(f.Caller, out var caller, out var callerError))
        {
            chunk.Reject(line, columnOf[0], callerError == NumberParseError.Empty ? RejectReason.EmptyField : RejectReason.BadNumber, text);
            return;
        }
        if (!TryParseNumber(f.Callee, out var callee, out var calleeError))
        {
            chunk.Reject(line, columnOf[1], calleeError == NumberParseError.Empty ? RejectReason.EmptyField : RejectReason.BadNumber, text);
            return;
        }
        if (caller == callee)
        {
            chunk.Reject(line, columnOf[1], RejectReason.SelfCall, text);
            return;
        }
        var start = Trim(f.Start);
        if (start.IsEmpty) { chunk.Reject(line, columnOf[2], RejectReason.EmptyField, text); return; }
        if (!_time.TryParse(start, out long startSeconds)) { chunk.Reject(line, columnOf[2], RejectReason.BadTime, text); return; }

        var type = CdrType.Voice;
        if (header.HasType && !TryParseType(Trim(f.Type), out type))
        {
            chunk.Reject(line, columnOf[4], RejectReason.UnknownType, text);
            return;
        }
        var duration = Trim(f.Duration);
        int durationSeconds = 0;
        if (duration.IsEmpty)
        {
            if (type == CdrType.Voice) { chunk.Reject(line, columnOf[3], RejectReason.EmptyField, text); return; }
        }
        else
        {
            var reason = ParseDuration(duration, out durationSeconds);
            if (reason is RejectReason r) { chunk.Reject(line, columnOf[3], r, text); return; }
            if (type == CdrType.Sms) durationSeconds = 0; // the contract: SMS carry no duration
        }
        ulong cell = CellKey(f.Cell);

        if (startSeconds < _from || startSeconds >= _to)
        {
            chunk.OutsideWindow++;
            return;
        }
        if (startSeconds < chunk.MinStart) chunk.MinStart = startSeconds;
        if (startSeconds > chunk.MaxStart) chunk.MaxStart = startSeconds;
        if (Count == Cdrs.Length)
        {
            Array.Resize(ref Cdrs, Count * 2);
            Array.Resize(ref Fingerprints, Count * 2);
        }
        var cdr = new Cdr(caller, callee, startSeconds, durationSeconds, type, cell);
        Cdrs[Count] = cdr;
        Fingerprints[Count] = DuplicateFilter.Normalize(Fingerprint(in cdr));
        Count++;
    }

    /// <summary>
    /// Reads a quoted field starting at <paramref name="pos"/> (on the opening quote) into scratch space,
    /// undoubling "" escapes (the field is scratch[fieldStart..scratchUsed]), and moves past the delimiter that follows. False when the quote is not
    /// closed or text follows the closing quote.
    /// </summary>
    private bool TryUnquote(ReadOnlySpan<byte> text, ref int pos, byte delimiter, ref int scratchUsed, out int fieldStart, out bool last)
    {
        last = false;
        if (_scratch.Length < text.Length) Array.Resize(ref _scratch, Math.Max(text.Length, _scratch.Length * 2));
        fieldStart = scratchUsed;
        int i = pos + 1;
        while (true)
        {
            int quote = text[i..].IndexOf((byte)'"');
            if (quote < 0) return false;
            text.Slice(i, quote).CopyTo(_scratch.AsSpan(scratchUsed));
            scratchUsed += quote;
            i += quote + 1;
            if (i < text.Length && text[i] == '"') { _scratch[scratchUsed++] = (byte)'"'; i++; continue; }
            break;
        }
        if (i == text.Length) { last = true; pos = i; return true; }
        if (text[i] != delimiter) return false;
        pos = i + 1;
        return true;
    }

    /// <summary>
    /// Canonical number of a field. Plain digit strings that normalisation keeps as they are (the common
    /// case: no '+', no leading 00, not 86 + mobile) are packed here directly; everything else goes through
    /// <see cref="NumberNormalizer"/>, so the result is always the same as normalising.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParseNumber(ReadOnlySpan<byte> field, out PhoneNumber number, out NumberParseError error)
    {
        int length = field.Length;
        if (length is >= 1 and <= PhoneNumber.MaxDigits && field[0] != '0' && !(length == 13 && field[0] == '8'))
        {
            ulong value = 0;
            int i = 0;
            for (; i < length; i++)
            {
                uint d = (uint)(field[i] - '0');
                if (d > 9) break;
                value = value * 10 + d;
            }
            if (i == length)
            {
                number = new PhoneNumber(((ulong)length << 60) | value);
                error = NumberParseError.None;
                return true;
            }
        }
        return NumberNormalizer.TryNormalize(field, out number, out error);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int start = 0, end = s.Length;
        while (start < end && (s[start] == ' ' || s[start] == '\t')) start++;
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
        return s[start..end];
    }

    internal static bool TryParseType(ReadOnlySpan<byte> s, out CdrType type)
    {
        type = CdrType.Voice;
        if (s.Length == 1)
        {
            switch (s[0] | 0x20)
            {
                case 'v' or '0': return true;
                case 's' or '1': type = CdrType.Sms; return true;
                default: return false;
            }
        }
        if (Ascii.EqualsIgnoreCase(s, "voice"u8) || Ascii.EqualsIgnoreCase(s, "call"u8)) return true;
        if (Ascii.EqualsIgnoreCase(s, "sms"u8) || Ascii.EqualsIgnoreCase(s, "text"u8)) { type = CdrType.Sms; return true; }
        return false;
    }

    private static RejectReason? ParseDuration(ReadOnlySpan<byte> s, out int seconds)
    {
        seconds = 0;
        bool negative = s[0] == '-';
        if (negative || s[0] == '+') s = s[1..];
        if (s.IsEmpty) return RejectReason.BadDuration;
        long value = 0;
        foreach (byte b in s)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return RejectReason.BadDuration;
            value = value * 10 + d;
            if (value > int.MaxValue) return RejectReason.BadDuration;
        }
        if (negative && value != 0) return RejectReason.NegativeDuration;
        seconds = (int)value;
        return null;
    }

    /// <summary>FNV-1a (64-bit) of the trimmed cell text; 0 only when the text is empty.</summary>
    internal static ulong CellKey(ReadOnlySpan<byte> cell)
    {
        cell = Trim(cell);
        if (cell.IsEmpty) return 0;
        ulong hash = 14695981039346656037UL;
        foreach (byte b in cell)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash == 0 ? 1 : hash;
    }

    /// <summary>A well-mixed 64-bit digest of every field, for duplicate detection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Fingerprint(in Cdr cdr)
    {
        ulong h = Mix(0x243F6A8885A308D3UL, cdr.Caller.Key);
        h = Mix(h, cdr.Callee.Key);
        h = Mix(h, (ulong)cdr.StartSeconds);
        h = Mix(h, ((ulong)(uint)cdr.DurationSeconds << 8) | (byte)cdr.Type);
        h = Mix(h, cdr.CellKey);
        h ^= h >> 32;
        h *= 0xD6E8FEB86659FD93UL;
        h ^= h >> 32;
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h, ulong v)
    {
        h ^= v * 0x9E3779B97F4A7C15UL;
        return BitOperations.RotateLeft(h, 29) * 0xBF58476D1CE4E5B9UL;
    }
}
