using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    CallerOperator = 6,
    CalleeOperator = 7,
}

/// <summary>A parsed header line: delimiter, column count and which column holds which field.</summary>
internal sealed class CdrHeader
{

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

    /// <summary>True when the header has a caller or callee operator column.</summary>
    public bool HasOperators => ColumnOf[(int)CdrField.CallerOperator] > 0 || ColumnOf[(int)CdrField.CalleeOperator] > 0;

    /// <summary>
    /// The usual layout: exactly caller, callee, start_time, duration_s, type, cell_id in that order, with a
    /// delimiter that cannot be confused with a line end or a quote. Such files can take the parser's fast path.
    /// </summary>
    public bool IsPlain { get; private init; }

    /// <summary>Parses the header line (BOM and line end already removed).</summary>
    /// <exception cref="DataException">Binary data, or a required column is missing.</exception>
    public static CdrHeader Parse(ReadOnlySpan<byte> line, CdrReaderOptions options, string source, long lineNumber)
    {
        if (line.IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(line))
            throw new DataException(source, lineNumber, 0, "not a CDR text file: the header line holds binary data (NUL bytes or invalid UTF-8)");
        string text = Encoding.UTF8.GetString(line);
        char delimiter = options.Delimiter ?? CdrHeaderText.DetectDelimiter(text);
        if (delimiter > 127) throw new ArgumentException($"delimiter '{delimiter}' is not an ASCII character", nameof(options));
        var names = CdrHeaderText.Split(text, delimiter);
        if (names.Count > 1 && names[^1].Length == 0) names.RemoveAt(names.Count - 1); // trailing delimiter

        var map = options.Columns;
        string?[] wanted = [map.Caller, map.Callee, map.StartTime, map.Duration, map.Type, map.Cell, map.CallerOperator, map.CalleeOperator];
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
        bool plain = fields.Length == 6 && delimiter is not ('\n' or '\r' or '"');
        for (int i = 0; plain && i < fields.Length; i++) plain = fields[i] == (CdrField)i;
        return new CdrHeader((byte)delimiter, fields, columnOf) { IsPlain = plain };
    }

    private static string FieldName(CdrField field) => field switch
    {
        CdrField.Caller => "caller",
        CdrField.Callee => "callee",
        CdrField.StartTime => "start_time",
        CdrField.Duration => "duration_s",
        CdrField.Type => "type",
        CdrField.CallerOperator => "caller_operator",
        CdrField.CalleeOperator => "callee_operator",
        _ => "cell_id",
    };

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
    public long WindowLatest = long.MinValue; // the latest start the duplicate window may move to (see DuplicateWindow.LatestOf)
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
        WindowLatest = long.MinValue;
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
    private readonly long _earliest;
    private readonly long _latest;
    private byte[] _scratch = new byte[256];
    private readonly bool _opaque;
    private readonly SubscriberNetworks? _subscribers;

    // The last date the fast path read (its yyyyMMdd bytes; 0 matches no digits) and its day number.
    private ulong _lastDate;
    private long _lastDays;

    public Cdr[] Cdrs = new Cdr[4096];
    public ulong[] Fingerprints = new ulong[4096];
    public int Count;

    // The fast path leaves each row's cell key for a pass at the end of the chunk (see ResolveCells). Until then a
    // row's Fingerprints slot holds where its trimmed cell text lies in the chunk (PendingCell), or 0 when the key
    // in its CDR stands (no cell, or a row of the general path, which looks its key up at once).

    /// <param name="time">Start-time format.</param>
    /// <param name="from">Window start, or null.</param>
    /// <param name="to">Window end (exclusive), or null.</param>
    /// <param name="earliestYear">Rows starting before this year are rejected as <c>implausible_time</c>.</param>
    /// <param name="latestYear">Rows starting after this year are rejected as <c>implausible_time</c>.</param>
    /// <param name="ids">What the number fields hold; opaque ids take the general path and are interned.</param>
    /// <param name="subscribers">With opaque ids, receives the operator columns' values, or null to ignore them.</param>
    public CdrRowParser(CdrTimeFormat time, long? from, long? to, int earliestYear = CdrReaderOptions.DefaultEarliestYear, int latestYear = CdrReaderOptions.DefaultLatestYear,
        SubscriberIdKind ids = SubscriberIdKind.Phone, SubscriberNetworks? subscribers = null)
    {
        _opaque = ids == SubscriberIdKind.Opaque;
        _subscribers = _opaque ? subscribers : null;
        _time = time;
        _from = from ?? long.MinValue;
        _to = to ?? long.MaxValue;
        _earliest = CdrClock.FromDateTime(new DateTime(earliestYear, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
        _latest = latestYear >= 9999 ? long.MaxValue : CdrClock.FromDateTime(new DateTime(latestYear + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
    }

    /// <summary>False sends every row through the general path; tests compare the two.</summary>
    internal bool UsePlainPath { get; init; } = true;

    /// <summary>Parses every line of the chunk: valid in-window rows into the batch, the rest counted.</summary>
    public void Parse(Chunk chunk)
    {
        Count = 0;
        var header = chunk.File.Header;
        ReadOnlySpan<byte> data = chunk.Buffer.AsSpan(0, chunk.Length);
        long line = chunk.FirstLine;
        // The fast path reads a block or two past the row start (and 16 bytes before it) without bounds checks.
        bool plain = UsePlainPath && !_opaque && header.IsPlain && BitConverter.IsLittleEndian;
        int lastPlainStart = data.Length - PlainBlock;
        int pos = 0;
        while (pos < data.Length)
        {
            int end = -1; // index of the line's '\n' (or the data's end) once known
            if (plain && pos <= lastPlainStart)
            {
                if (TryParsePlain(chunk, data, pos, header.Delimiter, out end))
                {
                    chunk.RowsRead++;
                    line++;
                    pos = end + 1;
                    continue;
                }
            }
            if (end < 0)
            {
                int newline = data[pos..].IndexOf((byte)'\n');
                end = newline < 0 ? data.Length : pos + newline;
            }
            var text = data[pos..end];
            if (!text.IsEmpty && text[^1] == '\r') text = text[..^1];
            if (!text.IsEmpty)
            {
                chunk.RowsRead++;
                ParseRow(chunk, header, text, line);
            }
            line++;
            pos = end + 1;
        }
        ResolveCells(data);
    }

    private ref struct Fields
    {
        public ReadOnlySpan<byte> Caller, Callee, Start, Duration, Type, Cell, CallerOperator, CalleeOperator;
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
                    case CdrField.CallerOperator: f.CallerOperator = field; break;
                    case CdrField.CalleeOperator: f.CalleeOperator = field; break;
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
        if (!TryParseParty(f.Caller, out var caller, out var callerError))
        {
            chunk.Reject(line, columnOf[0], callerError == NumberParseError.Empty ? RejectReason.EmptyField : RejectReason.BadNumber, text);
            return;
        }
        if (!TryParseParty(f.Callee, out var callee, out var calleeError))
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
        if (startSeconds < _earliest || startSeconds >= _latest) { chunk.Reject(line, columnOf[2], RejectReason.ImplausibleTime, text); return; }

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
        if (_subscribers is { } subscribers && header.HasOperators)
        {
            if (!subscribers.RecordFromCdr(caller, Trim(f.CallerOperator)))
            {
                chunk.Reject(line, columnOf[(int)CdrField.CallerOperator], RejectReason.UnknownOperator, text);
                return;
            }
            if (!subscribers.RecordFromCdr(callee, Trim(f.CalleeOperator)))
            {
                chunk.Reject(line, columnOf[(int)CdrField.CalleeOperator], RejectReason.UnknownOperator, text);
                return;
            }
        }
        if (Emit(chunk, new Cdr(caller, callee, startSeconds, durationSeconds, type, CachedCellKey(f.Cell))))
            Fingerprints[Count - 1] = 0; // resolved here: an unquoted field may live in the scratch space
    }

    /// <summary>A caller or callee field: a telephone number, or with opaque ids the interned token.</summary>
    private bool TryParseParty(ReadOnlySpan<byte> field, out PhoneNumber party, out NumberParseError error)
    {
        if (!_opaque) return TryParseNumber(field, out party, out error);
        if (Trim(field).IsEmpty)
        {
            party = default;
            error = NumberParseError.Empty;
            return false;
        }
        error = SubscriberIds.TryIntern(field, out party) ? NumberParseError.None : NumberParseError.NotDigits;
        return error == NumberParseError.None;
    }

    /// <summary>
    /// Counts a valid row outside the window (false), or adds it to the batch (true). Its fingerprint, and with
    /// <see cref="EmitPending"/> its cell key, are filled in by <see cref="ResolveCells"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Emit(Chunk chunk, in Cdr cdr)
    {
        long startSeconds = cdr.StartSeconds;
        if (startSeconds < _from || startSeconds >= _to)
        {
            chunk.OutsideWindow++;
            return false;
        }
        if (startSeconds < chunk.MinStart) chunk.MinStart = startSeconds;
        if (startSeconds > chunk.MaxStart) chunk.MaxStart = startSeconds;
        if (Count == Cdrs.Length)
        {
            Array.Resize(ref Cdrs, Count * 2);
            Array.Resize(ref Fingerprints, Count * 2);
        }
        Cdrs[Count] = cdr;
        Count++;
        return true;
    }

    /// <summary>
    /// <see cref="Emit"/> for a row whose cell text is <c>data[start..end)</c> of the chunk: its key is looked up
    /// later, by <see cref="ResolveCells"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitPending(Chunk chunk, in Cdr cdr, ReadOnlySpan<byte> data, int start, int end)
    {
        if (!Emit(chunk, in cdr)) return;
        while (start < end && (data[start] == ' ' || data[start] == '\t')) start++;
        while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\t')) end--;
        Fingerprints[Count - 1] = PendingCell(start, end - start);
    }

    /// <summary>A cell text's place in the chunk, as a row's Fingerprints slot holds it until <see cref="ResolveCells"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PendingCell(int offset, int length) => ((ulong)(uint)offset << 32) | (uint)length;

    /// <summary>Rows ahead whose cell slot <see cref="ResolveCells"/> fetches while it resolves the current one (a power of two: it indexes a ring).</summary>
    private const int CellAhead = 8;

    /// <summary>
    /// Fills in the batch's pending cell keys and every row's duplicate fingerprint. A dump's cell table is
    /// megabytes, so most probes miss the cache; probing row by row during parsing paid those misses one after
    /// another. Here the slots of the rows <see cref="CellAhead"/> ahead are fetched while the current row
    /// is resolved, so the misses overlap.
    /// </summary>
    internal void ResolveCells(ReadOnlySpan<byte> data)
    {
        int n = Count;
        var slots = Fingerprints.AsSpan(0, n);
        // The identities of the rows from i to i + CellAhead - 1, computed once when their slot is fetched.
        Span<CellIdentityOf> ahead = stackalloc CellIdentityOf[CellAhead];
        for (int i = 0; i < Math.Min(CellAhead, n); i++) Fetch(data, slots[i], out ahead[i]);
        for (int i = 0; i < n; i++)
        {
            CellIdentityOf cell = ahead[i & (CellAhead - 1)];
            if (i + CellAhead < n) Fetch(data, slots[i + CellAhead], out ahead[i & (CellAhead - 1)]);
            ref Cdr cdr = ref Cdrs[i];
            int length = (int)(uint)slots[i];
            if (length > 0)
                cdr = cdr with { CellKey = CachedCellKey(data.Slice((int)(slots[i] >> 32), length), cell.Head, cell.Tail) };
            slots[i] = DuplicateFilter.Normalize(Fingerprint(in cdr));
        }
    }

    private struct CellIdentityOf
    {
        public ulong Head, Tail;
    }

    /// <summary>Computes a pending cell's identity and fetches its slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Fetch(ReadOnlySpan<byte> data, ulong pending, out CellIdentityOf cell)
    {
        cell = default;
        int length = (int)(uint)pending;
        if (length == 0) return;
        CellIdentity(data.Slice((int)(pending >> 32), length), out cell.Head, out cell.Tail);
        if (!Sse.IsSupported) return;
        var table = _cellSlots;
        Sse.Prefetch0(Unsafe.AsPointer(ref table[CellSlotOf(cell.Head, cell.Tail, length, table.Length)]));
    }

    /// <summary>Bytes the fast path scans at once; it reads one block from a row's start, or two for a longer row.</summary>
    private const int PlainBlock = 64;

    /// <summary>
    /// The fast path for a row of a plain file (see <see cref="CdrHeader.IsPlain"/>) that starts at
    /// <paramref name="pos"/>, with at least one block of data from there. It finds the delimiters and the
    /// line end in one vector pass over a block or two (up to 128 bytes) and accepts the row only when it has
    /// exactly the six fields, no quote, and every field is valid; it computes each field exactly as
    /// <see cref="ParseRow"/> would, so an accepted row is the same CDR. Anything else (a reject, a blank
    /// or long line, a quote, a trailing delimiter) returns false and is left to <see cref="ParseRow"/>, which
    /// also decides the reject's reason and column. <paramref name="newline"/> is the index of the line's
    /// '\n' when the scanned blocks hold it, else -1.
    /// </summary>
    internal bool TryParsePlain(Chunk chunk, ReadOnlySpan<byte> data, int pos, byte delimiter, out int newline)
    {
        ref byte origin = ref MemoryMarshal.GetReference(data);
        ref byte row = ref Unsafe.Add(ref origin, pos);
        ulong delimiters = Matches(ref row, delimiter, out ulong lineEnds, out ulong quotes);
        ulong moreDelimiters = 0; // those of the second block
        int length;
        if (lineEnds != 0)
        {
            length = BitOperations.TrailingZeroCount(lineEnds);
            ulong inLine = (1UL << length) - 1;
            delimiters &= inLine;
            quotes &= inLine;
        }
        else
        {
            // Rows with ISO times or long cells run into a second block.
            if (data.Length - pos < 2 * PlainBlock) { newline = -1; return false; }
            moreDelimiters = Matches(ref Unsafe.Add(ref row, PlainBlock), delimiter, out lineEnds, out ulong moreQuotes);
            if (lineEnds == 0) { newline = -1; return false; }
            int tail = BitOperations.TrailingZeroCount(lineEnds);
            length = PlainBlock + tail;
            ulong inLine = (1UL << tail) - 1;
            moreDelimiters &= inLine;
            quotes |= moreQuotes & inLine;
        }
        newline = pos + length;
        if (quotes != 0 || BitOperations.PopCount(delimiters) + BitOperations.PopCount(moreDelimiters) != 5) return false;

        // Field boundaries as indices into data: field k is [start_k, end_k).
        int callerEnd = pos + NextBit(ref delimiters, ref moreDelimiters);
        int calleeEnd = pos + NextBit(ref delimiters, ref moreDelimiters);
        int startEnd = pos + NextBit(ref delimiters, ref moreDelimiters);
        int durationEnd = pos + NextBit(ref delimiters, ref moreDelimiters);
        int typeEnd = pos + NextBit(ref delimiters, ref moreDelimiters);
        int cellEnd = newline;
        if (Unsafe.Add(ref origin, cellEnd - 1) == '\r') cellEnd--; // never the delimiter: plain files have no '\r' one

        if (!TryParsePlainNumber(data, pos, callerEnd, out var caller)
            || !TryParsePlainNumber(data, callerEnd + 1, calleeEnd, out var callee)
            || caller == callee
            || !TryParsePlainTime(data, calleeEnd + 1, startEnd, out long startSeconds)
            || startSeconds < _earliest || startSeconds >= _latest
            || !TryParsePlainType(data, durationEnd + 1, typeEnd, out var type)
            || !TryParsePlainDuration(data, startEnd + 1, durationEnd, type, out int durationSeconds)) return false;
        EmitPending(chunk, new Cdr(caller, callee, startSeconds, durationSeconds, type, 0), data, typeEnd + 1, cellEnd);
        return true;
    }

    /// <summary>Index of the lowest set bit of the 128 bits (low, high), which it clears.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextBit(ref ulong low, ref ulong high)
    {
        if (low != 0)
        {
            int i = BitOperations.TrailingZeroCount(low);
            low &= low - 1;
            return i;
        }
        int j = PlainBlock + BitOperations.TrailingZeroCount(high);
        high &= high - 1;
        return j;
    }

    /// <summary>
    /// Bit i of the result is set when byte i of the 64 at <paramref name="row"/> is the delimiter; likewise
    /// <paramref name="lineEnds"/> for '\n' and <paramref name="quotes"/> for '"'.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Matches(ref byte row, byte delimiter, out ulong lineEnds, out ulong quotes)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref row);
            lineEnds = Vector512.Equals(v, Vector512.Create((byte)'\n')).ExtractMostSignificantBits();
            quotes = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
            return Vector512.Equals(v, Vector512.Create(delimiter)).ExtractMostSignificantBits();
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var lo = Vector256.LoadUnsafe(ref row);
            var hi = Vector256.LoadUnsafe(ref row, 32);
            var n = Vector256.Create((byte)'\n');
            var q = Vector256.Create((byte)'"');
            var d = Vector256.Create(delimiter);
            lineEnds = Vector256.Equals(lo, n).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, n).ExtractMostSignificantBits() << 32);
            quotes = Vector256.Equals(lo, q).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, q).ExtractMostSignificantBits() << 32);
            return Vector256.Equals(lo, d).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, d).ExtractMostSignificantBits() << 32);
        }
        ulong delimiters = 0;
        lineEnds = quotes = 0;
        for (int i = 0; i < 64; i += 16)
        {
            var v = Vector128.LoadUnsafe(ref row, (nuint)i);
            lineEnds |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\n')).ExtractMostSignificantBits() << i;
            quotes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << i;
            delimiters |= (ulong)Vector128.Equals(v, Vector128.Create(delimiter)).ExtractMostSignificantBits() << i;
        }
        return delimiters;
    }

    private const ulong AsciiZeros = 0x3030303030303030UL;

    /// <summary>Reads 8 bytes at data[at] (little-endian: the first byte is the lowest); the caller has checked the range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read8(ReadOnlySpan<byte> data, int at) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(data), at));

    /// <summary>True when all 8 bytes are ASCII digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AreDigits(ulong v) =>
        (((v & 0xF0F0F0F0F0F0F0F0UL) ^ AsciiZeros) | (((v + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) ^ AsciiZeros)) == 0;

    /// <summary>
    /// Pairs of 8 ASCII digits (first digit in the lowest byte) as two-digit values in bytes 0, 2, 4 and 6:
    /// each byte gets ten times its digit plus the next one, which never carries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DigitPairs(ulong v)
    {
        v -= AsciiZeros;
        return v * 10 + (v >> 8);
    }

    /// <summary>The value of 8 ASCII digits, first digit most significant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DigitsValue(ulong v)
    {
        ulong pairs = DigitPairs(v);
        // pairs p0..p3 in bytes 0, 2, 4, 6; the high halves of the two products sum to p0·10⁶ + p1·10⁴ + p2·100 + p3.
        return ((pairs & 0x000000FF000000FFUL) * (100 + (1_000_000UL << 32))
                + ((pairs >> 16) & 0x000000FF000000FFUL) * (1 + (10_000UL << 32))) >> 32;
    }

    /// <summary>
    /// <see cref="TryParseNumber"/> of data[start..end], packing plain digit strings without a loop; the
    /// caller guarantees 16 readable bytes before <paramref name="end"/> when end ≥ 16, and 2 from start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParsePlainNumber(ReadOnlySpan<byte> data, int start, int end, out PhoneNumber number)
    {
        int length = end - start;
        if ((uint)(length - 1) < PhoneNumber.MaxDigits && end >= 16)
        {
            ref byte origin = ref MemoryMarshal.GetReference(data);
            // 00 + country and 13 digits from 8 may be rewritten by normalisation: those take the long way.
            uint head = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref origin, start));
            bool plain = !((head == 0x3030 & length > 2) | (length == 13 & (byte)head == '8'));
            ulong value;
            bool digits = Sse41.IsSupported ? TryPackDigitsVector(ref origin, end, length, out value) : TryPackDigitsScalar(ref origin, end, length, out value);
            if (plain & digits)
            {
                number = new PhoneNumber(((ulong)length << 60) | value);
                return true;
            }
        }
        return TryParseNumberField(data, start, end, out number);
    }

    /// <summary>
    /// The value of the <paramref name="length"/> (1 to 16) bytes before <paramref name="end"/> when they are
    /// all ASCII digits; the 16 bytes before end must be readable. The field sits right-aligned in those 16
    /// bytes and the bytes before it count as 0: digit pairs, fours and eights are summed in vector lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryPackDigitsVector(ref byte origin, int end, int length, out ulong value)
    {
        var digits = Vector128.LoadUnsafe(ref origin, (nuint)(end - 16)) - Vector128.Create((byte)'0');
        var lane = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        digits &= Vector128.GreaterThanOrEqual(lane, Vector128.Create((byte)(16 - length)));
        var pairs = Ssse3.MultiplyAddAdjacent(digits, Vector128.Create((sbyte)10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
        var fours = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)100, 1, 100, 1, 100, 1, 100, 1));
        var eights = Sse2.MultiplyAddAdjacent(Sse41.PackUnsignedSaturate(fours, fours).AsInt16(), Vector128.Create((short)10_000, 1, 10_000, 1, 10_000, 1, 10_000, 1));
        ulong halves = eights.AsUInt64().ToScalar();
        value = (uint)halves * 100_000_000UL + (halves >> 32);
        return Vector128.LessThanAll(digits, Vector128.Create((byte)10));
    }

    /// <summary><see cref="TryPackDigitsVector"/> without vector instructions, eight digits per 64-bit word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryPackDigitsScalar(ref byte origin, int end, int length, out ulong value)
    {
        int pad = 16 - length;
        ulong highKeep = pad >= 8 ? 0 : ~0UL << (pad * 8);
        ulong lowKeep = pad <= 8 ? ~0UL : ~0UL << ((pad - 8) * 8);
        ulong high = (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref origin, end - 16)) & highKeep) | (AsciiZeros & ~highKeep);
        ulong low = (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref origin, end - 8)) & lowKeep) | (AsciiZeros & ~lowKeep);
        value = 0;
        if (!AreDigits(high) || !AreDigits(low)) return false;
        value = DigitsValue(high) * 100_000_000 + DigitsValue(low);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseNumberField(ReadOnlySpan<byte> data, int start, int end, out PhoneNumber number) =>
        TryParseNumber(data[start..end], out number, out _);

    /// <summary>
    /// The start time in data[start..end] as <see cref="CdrTimeFormat.TryParse"/> of the trimmed field gives
    /// it. Compact and plain ISO times are read at fixed offsets, and the day number of the last date is kept
    /// since consecutive rows mostly share it; other forms go through the format.
    /// </summary>
    private bool TryParsePlainTime(ReadOnlySpan<byte> data, int start, int end, out long seconds)
    {
        if (_time.IsAutomatic)
        {
            int length = end - start;
            ulong date = 0, clock = 0;
            int hourShift = 0;
            if (length == 14)
            {
                // yyyyMMdd | ddHHmmss: pairs dd, HH, mm, ss
                date = Read8(data, start);
                clock = Read8(data, start + 6);
                hourShift = 16;
            }
            else if (length == 19 && (data[start + 10] == 'T' || data[start + 10] == ' '))
            {
                // yyyy-MM-dd[T ]HH:mm:ss, squeezed to yyyyMMdd | HHmmss00
                ulong ymd = Read8(data, start);
                ulong hms = Read8(data, start + 11);
                if ((ymd & 0xFF0000FF00000000UL) == 0x2D00002D00000000UL && (hms & 0x0000FF0000FF0000UL) == 0x00003A00003A0000UL)
                {
                    date = (ymd & 0xFFFFFFFFUL) | ((ymd >> 8) & 0xFFFF00000000UL) | ((ulong)Unsafe.ReadUnaligned<ushort>(in data[start + 8]) << 48);
                    clock = (hms & 0xFFFFUL) | ((hms >> 8) & 0xFFFF0000UL) | ((hms >> 16) & 0xFFFF00000000UL) | (AsciiZeros & 0xFFFF000000000000UL);
                }
            }
            if (AreDigits(date) && AreDigits(clock))
            {
                long days;
                if (date == _lastDate) days = _lastDays;
                else
                {
                    ulong ymd = DigitPairs(date);
                    if (!CdrTimeFormat.TryDay((int)(ymd & 0xFF) * 100 + (int)((ymd >> 16) & 0xFF), (int)((ymd >> 32) & 0xFF), (int)((ymd >> 48) & 0xFF), out days))
                    {
                        seconds = 0;
                        return false;
                    }
                    _lastDate = date;
                    _lastDays = days;
                }
                ulong hms = DigitPairs(clock) >> hourShift;
                int hour = (int)(hms & 0xFF), minute = (int)((hms >> 16) & 0xFF), second = (int)((hms >> 32) & 0xFF);
                seconds = days * 86400L + hour * 3600 + minute * 60 + second;
                return hour <= 23 && minute <= 59 && second <= 59;
            }
        }
        return TryParseTimeField(data, start, end, out seconds);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryParseTimeField(ReadOnlySpan<byte> data, int start, int end, out long seconds)
    {
        var field = Trim(data[start..end]);
        seconds = 0;
        return !field.IsEmpty && _time.TryParse(field, out seconds);
    }

    /// <summary>
    /// <see cref="TryParseType"/> of the trimmed field, with "voice" and "sms" in any case recognised at once;
    /// the caller guarantees 5 readable bytes from start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParsePlainType(ReadOnlySpan<byte> data, int start, int end, out CdrType type)
    {
        int length = end - start;
        ref byte first = ref Unsafe.Add(ref MemoryMarshal.GetReference(data), start);
        // OR 0x20 lower-cases letters and maps no other byte onto a lower-case letter. Branch-free: the two
        // types alternate unpredictably.
        uint word = Unsafe.ReadUnaligned<uint>(ref first) | 0x20202020u;
        bool voice = (length == 5) & (word == 0x63696F76u /* "voic" */) & ((Unsafe.Add(ref first, 4) | 0x20) == 'e');
        bool sms = (length == 3) & ((word & 0xFFFFFFu) == 0x736D73u /* "sms" */);
        if (voice | sms)
        {
            type = sms ? CdrType.Sms : CdrType.Voice;
            return true;
        }
        return TryParseTypeField(data, start, end, out type);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseTypeField(ReadOnlySpan<byte> data, int start, int end, out CdrType type) =>
        TryParseType(Trim(data[start..end]), out type);

    /// <summary>The duration as <see cref="ParseRow"/> reads it, when it would accept it; up to 8 plain digits packed at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParsePlainDuration(ReadOnlySpan<byte> data, int start, int end, CdrType type, out int seconds)
    {
        int length = end - start;
        if (length is >= 1 and <= 8 && end >= 8)
        {
            ulong keep = ~0UL << ((8 - length) * 8);
            ulong digits = (Read8(data, end - 8) & keep) | (AsciiZeros & ~keep);
            if (AreDigits(digits))
            {
                seconds = type == CdrType.Sms ? 0 : (int)DigitsValue(digits);
                return true;
            }
        }
        return TryParseDurationField(data, start, end, type, out seconds);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseDurationField(ReadOnlySpan<byte> data, int start, int end, CdrType type, out int seconds)
    {
        seconds = 0;
        var duration = Trim(data[start..end]);
        if (duration.IsEmpty) return type != CdrType.Voice;
        if (ParseDuration(duration, out seconds) is not null) return false;
        if (type == CdrType.Sms) seconds = 0;
        return true;
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

    /// <summary>
    /// The cell key of docs/aggregation.md: the first 8 bytes of the MD5 digest of the trimmed UTF-8 cell text,
    /// read big-endian; 0 only when the text is empty (a digest of 0 becomes 1). MD5 because every engine the
    /// aggregation runs in computes it in SQL (DuckDB <c>md5</c>, ClickHouse <c>MD5</c>, PostgreSQL <c>md5</c>).
    /// </summary>
    internal static ulong CellKey(ReadOnlySpan<byte> cell)
    {
        cell = Trim(cell);
        if (cell.IsEmpty) return 0;
        Span<byte> digest = stackalloc byte[16];
        System.Security.Cryptography.MD5.HashData(cell, digest);
        ulong key = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
        return key == 0 ? 1 : key;
    }

    // A dump names tens of thousands of cells over millions of rows: each parser remembers the key of every cell
    // text it has seen, in an open-addressing table, so MD5 runs once per distinct cell and a row costs one probe;
    // the table grows only when a new cell appears. (A fixed 4,096-slot cache thrashed on a 10M-row world with 22k
    // cells and doubled the read time.) A slot holds the text's identity and its key side by side, so a probe
    // touches one cache line: up to 16 bytes, the identity is the text itself (two words and the length), so the
    // cache cannot confuse two cells; a longer text is identified by two independent 64-bit hashes of it and its
    // length (two texts would have to collide in 128 bits to share a key). Reading the text a word at a time, not
    // a byte at a time, is what makes the probe cheap: it was the parser's largest cost with a byte-wise hash.
    private CellSlot[] _cellSlots = new CellSlot[1 << 10];
    private int _cellCount;

    /// <summary>A cell text's identity (see above) and its key; Length 0 marks an empty slot (a cell text is never empty).</summary>
    private struct CellSlot
    {
        public ulong Head, Tail, Key;
        public int Length;
    }

    /// <summary><see cref="CellKey(ReadOnlySpan{byte})"/> through this parser's table of cells seen.</summary>
    private ulong CachedCellKey(ReadOnlySpan<byte> cell)
    {
        cell = Trim(cell);
        if (cell.IsEmpty) return 0;
        CellIdentity(cell, out ulong head, out ulong tail);
        return CachedCellKey(cell, head, tail);
    }

    /// <summary>The key of a non-empty, trimmed <paramref name="cell"/> whose <see cref="CellIdentity"/> is (<paramref name="head"/>, <paramref name="tail"/>).</summary>
    private ulong CachedCellKey(ReadOnlySpan<byte> cell, ulong head, ulong tail)
    {
        var slots = _cellSlots;
        int mask = slots.Length - 1;
        int slot = CellSlotOf(head, tail, cell.Length, slots.Length);
        while (true)
        {
            ref CellSlot at = ref slots[slot];
            if (at.Length == cell.Length && at.Head == head && at.Tail == tail) return at.Key;
            if (at.Length == 0) break;
            slot = (slot + 1) & mask;
        }
        ulong key = CellKey(cell);
        slots[slot] = new CellSlot { Head = head, Tail = tail, Key = key, Length = cell.Length };
        if (++_cellCount * 2 > slots.Length) GrowCellTable();
        return key;
    }

    /// <summary>
    /// The identity of a non-empty, trimmed cell text: up to 16 bytes, its bytes 0-7 and 8-15 as little-endian words
    /// (zero-padded); longer, two independent hashes over its 8-byte words.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CellIdentity(ReadOnlySpan<byte> cell, out ulong head, out ulong tail)
    {
        int n = cell.Length;
        ref byte b = ref MemoryMarshal.GetReference(cell);
        if (n >= 8)
        {
            head = Unsafe.ReadUnaligned<ulong>(ref b);
            if (n <= 16)
            {
                // Bytes 8..n. On a little-endian machine: the text's last word, shifted so that the bytes before 8 fall
                // out; elsewhere (the general path runs there too) the bytes copied into a zeroed word.
                if (n == 8) tail = 0;
                else if (BitConverter.IsLittleEndian) tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - 8)) >> ((16 - n) * 8);
                else
                {
                    ulong rest = 0;
                    cell[8..].CopyTo(MemoryMarshal.AsBytes(new Span<ulong>(ref rest)));
                    tail = rest;
                }
                return;
            }
            ulong h1 = 0xCBF29CE484222325UL, h2 = Internals.StableHash.GoldenRatio;
            int i = 0;
            for (; i + 8 <= n; i += 8)
            {
                ulong w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i));
                h1 = BitOperations.RotateLeft((h1 ^ w) * 0x100000001B3UL, 31);
                h2 = (h2 ^ BitOperations.RotateLeft(w, 17)) * 0xBF58476D1CE4E5B9UL;
            }
            ulong last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - 8)); // overlaps the words above; the length tells texts apart
            head = Internals.StableHash.Mix(h1 ^ last);
            tail = Internals.StableHash.Mix(h2 + last);
            return;
        }
        ulong word = 0;
        cell.CopyTo(MemoryMarshal.AsBytes(new Span<ulong>(ref word)));
        head = word;
        tail = 0;
    }

    /// <summary>The home slot of a cell identity in a table of <paramref name="capacity"/> (a power of two) slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CellSlotOf(ulong head, ulong tail, int length, int capacity) =>
        (int)(Internals.StableHash.Multiply(head ^ BitOperations.RotateLeft(tail * 0xBF58476D1CE4E5B9UL, 29) ^ (uint)length) >> (64 - BitOperations.Log2((uint)capacity)));

    /// <summary>Doubles the cell table (kept at most half full, so probes stay short).</summary>
    private void GrowCellTable()
    {
        var old = _cellSlots;
        var slots = new CellSlot[old.Length * 2];
        int mask = slots.Length - 1;
        foreach (ref readonly CellSlot s in old.AsSpan())
        {
            if (s.Length == 0) continue;
            int slot = CellSlotOf(s.Head, s.Tail, s.Length, slots.Length);
            while (slots[slot].Length != 0) slot = (slot + 1) & mask;
            slots[slot] = s;
        }
        _cellSlots = slots;
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
        h ^= Internals.StableHash.Multiply(v);
        return BitOperations.RotateLeft(h, 29) * 0xBF58476D1CE4E5B9UL;
    }
}
