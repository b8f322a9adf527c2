using System.Buffers.Text;
using System.Text;
using CallGraph.Numbers;

namespace CallGraph.Ingest;

/// <summary>
/// Writes CDRs in the default format (<c>caller,callee,start_time,duration_s,type,cell_id</c>, times as
/// <c>yyyyMMddHHmmss</c>, LF line ends, no BOM) so <see cref="CdrReader"/> reads them back unchanged.
/// Buffers UTF-8 bytes itself; dispose (or <see cref="Flush"/>) to push them to the stream.
/// </summary>
public sealed class CdrWriter : IDisposable
{
    /// <summary>The header line written first.</summary>
    public const string Header = "caller,callee,start_time,duration_s,type,cell_id";

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    /// <summary>Starts a CDR file on <paramref name="stream"/> and writes the header.</summary>
    public CdrWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _leaveOpen = leaveOpen;
        Append(Encoding.ASCII.GetBytes(Header + "\n"));
    }

    /// <summary>Rows written so far (the header excluded).</summary>
    public long Rows { get; private set; }

    /// <summary>Writes one CDR. <paramref name="cellId"/> is the cell text (its key is recomputed on reading); null or empty for none.</summary>
    /// <exception cref="ArgumentException">The cell id holds a comma, quote or line break, or a number is empty.</exception>
    public void Write(PhoneNumber caller, PhoneNumber callee, long startSeconds, int durationSeconds, CdrType type, string? cellId = null)
    {
        if (caller.IsEmpty || callee.IsEmpty) throw new ArgumentException("numbers must not be empty");
        if (cellId is not null && cellId.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            throw new ArgumentException($"cell id '{cellId}' holds a comma, quote or line break", nameof(cellId));
        int needed = caller.FormattedLength + callee.FormattedLength + 14 + 11 + 6 + 6 + (cellId is null ? 0 : Encoding.UTF8.GetMaxByteCount(cellId.Length));
        if (_buffer.Length - _used < needed) FlushBuffer(false);
        if (needed > _buffer.Length) throw new ArgumentException("cell id too long", nameof(cellId));
        Span<byte> b = _buffer.AsSpan(_used);
        int n = caller.Format(b);
        b[n++] = (byte)',';
        n += callee.Format(b[n..]);
        b[n++] = (byte)',';
        n += FormatTime(startSeconds, b[n..]);
        b[n++] = (byte)',';
        Utf8Formatter.TryFormat(durationSeconds, b[n..], out int written);
        n += written;
        b[n++] = (byte)',';
        var typeText = type == CdrType.Sms ? "sms"u8 : "voice"u8;
        typeText.CopyTo(b[n..]);
        n += typeText.Length;
        b[n++] = (byte)',';
        if (cellId is not null) n += Encoding.UTF8.GetBytes(cellId, b[n..]);
        b[n++] = (byte)'\n';
        _used += n;
        Rows++;
    }

    /// <summary>Writes a parsed CDR with the cell text that produced its <see cref="Cdr.CellKey"/>.</summary>
    public void Write(in Cdr cdr, string? cellId) =>
        Write(cdr.Caller, cdr.Callee, cdr.StartSeconds, cdr.DurationSeconds, cdr.Type, cellId);

    /// <summary>Formats <paramref name="seconds"/> as <c>yyyyMMddHHmmss</c> (years 1..9999).</summary>
    internal static int FormatTime(long seconds, Span<byte> destination)
    {
        var t = CdrClock.ToDateTime(seconds);
        Write(destination, 0, t.Year, 4);
        Write(destination, 4, t.Month, 2);
        Write(destination, 6, t.Day, 2);
        Write(destination, 8, t.Hour, 2);
        Write(destination, 10, t.Minute, 2);
        Write(destination, 12, t.Second, 2);
        return 14;

        static void Write(Span<byte> d, int at, int value, int width)
        {
            for (int i = at + width - 1; i >= at; i--)
            {
                d[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }
    }

    /// <summary>Writes buffered rows to the stream and flushes it.</summary>
    public void Flush() => FlushBuffer(true);

    private void FlushBuffer(bool flushStream)
    {
        if (_used > 0) _stream.Write(_buffer, 0, _used);
        _used = 0;
        if (flushStream) _stream.Flush();
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _used < bytes.Length) FlushBuffer(false);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Flushes, then closes the stream unless it was to be left open.</summary>
    public void Dispose()
    {
        FlushBuffer(true);
        if (!_leaveOpen) _stream.Dispose();
    }
}
