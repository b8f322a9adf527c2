using System.Text;

namespace CallGraph.Synthetic;

/// <summary>
/// Formats CDR rows straight into a byte buffer (no string per row) and hands full buffers to the stream.
/// Writes <c>caller,callee,start_time,duration_s,type,cell_id</c> with <c>start_time</c> as yyyyMMddHHmmss.
/// </summary>
internal sealed class CdrRowWriter : IDisposable
{
    public const string Header = "caller,callee,start_time,duration_s,type,cell_id";
    private const int FlushThreshold = (1 << 16) - 256;
    private static ReadOnlySpan<byte> CellPrefix => "46000-"u8;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _length;
    private int _lastRowStart;

    /// <summary>A cell id that prints as an empty field (a row no home-network cell saw).</summary>
    public const int NoCell = -1;

    private readonly CellColumn _cells;

    public CdrRowWriter(Stream stream, bool writeHeader, CellColumn cells = CellColumn.Present)
    {
        _stream = stream;
        _cells = cells;
        if (!writeHeader) return;
        WriteAscii(cells == CellColumn.Absent ? Header[..Header.LastIndexOf(',')] : Header);
        Put((byte)'\n');
    }

    /// <summary>Writes one well-formed row.</summary>
    public void WriteRow(ulong callerKey, ulong calleeKey, ReadOnlySpan<byte> date, int secondOfDay, int duration, bool sms, int cellId)
    {
        BeginRow();
        PutNumber(callerKey);
        Put((byte)',');
        PutNumber(calleeKey);
        Put((byte)',');
        PutTime(date, secondOfDay);
        Put((byte)',');
        PutInt(duration);
        Put((byte)',');
        PutType(sms);
        Put((byte)',');
        PutCell(cellId);
        Put((byte)'\n');
    }

    /// <summary>Writes the previous row once more, byte for byte.</summary>
    public void RepeatLastRow()
    {
        int start = _lastRowStart, count = _length - start;
        _buffer.AsSpan(start, count).CopyTo(_buffer.AsSpan(_length));
        _lastRowStart = _length;
        _length += count;
        FlushIfFull();
    }

    /// <summary>Writes a row that breaks the contract in one named way.</summary>
    public void WriteBadRow(BadRowReason reason, ulong callerKey, ulong calleeKey, ReadOnlySpan<byte> date, int secondOfDay, int duration, bool sms, int cellId)
    {
        BeginRow();
        switch (reason)
        {
            case BadRowReason.EmptyCaller:
                break;
            case BadRowReason.CallerNotDigits:
                int at = _length;
                PutNumber(callerKey);
                _buffer[at + 4] = (byte)'O'; // a letter O typed for a zero
                break;
            default:
                PutNumber(callerKey);
                break;
        }
        Put((byte)',');
        PutNumber(calleeKey);
        if (reason == BadRowReason.CalleeTooLong) WriteAscii("202602026001"); // glued to the next field by a broken export: 17+ digits
        Put((byte)',');
        if (reason == BadRowReason.BadStartTime)
        {
            // Month 13 keeps the shape of a timestamp but is no date.
            date[..4].CopyTo(_buffer.AsSpan(_length));
            _length += 4;
            WriteAscii("13");
            PutTwo(secondOfDay / 3600 % 28 + 1);
            PutTwo(secondOfDay / 3600);
            PutTwo(secondOfDay / 60 % 60);
            PutTwo(secondOfDay % 60);
        }
        else PutTime(date, secondOfDay);
        if (reason == BadRowReason.MissingFields) { Put((byte)'\n'); return; }
        Put((byte)',');
        if (reason == BadRowReason.BadDuration) { Put((byte)'-'); PutInt(duration + 1); }
        else PutInt(duration);
        Put((byte)',');
        if (reason == BadRowReason.BadType) WriteAscii("fax"); else PutType(sms);
        Put((byte)',');
        PutCell(cellId);
        Put((byte)'\n');
    }

    /// <summary>Hands the buffered rows to the stream (without flushing the stream itself).</summary>
    public void Flush()
    {
        if (_length > 0) _stream.Write(_buffer, 0, _length);
        _length = 0;
        _lastRowStart = 0;
    }

    public void Dispose() => Flush();

    private void BeginRow()
    {
        FlushIfFull();
        _lastRowStart = _length;
    }

    private void FlushIfFull()
    {
        if (_length < FlushThreshold) return;
        // Keep the last row in the buffer so it can still be repeated.
        int start = _lastRowStart, count = _length - start;
        _stream.Write(_buffer, 0, start);
        _buffer.AsSpan(start, count).CopyTo(_buffer);
        _lastRowStart = 0;
        _length = count;
    }

    private void Put(byte b) => _buffer[_length++] = b;

    private void WriteAscii(string text)
    {
        _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void PutNumber(ulong key)
    {
        int length = (int)(key >> 60);
        ulong value = key & ((1UL << 60) - 1);
        for (int i = _length + length - 1; i >= _length; i--)
        {
            _buffer[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        _length += length;
    }

    private void PutInt(int value)
    {
        if (value == 0) { Put((byte)'0'); return; }
        int digits = 0;
        for (int v = value; v > 0; v /= 10) digits++;
        for (int i = _length + digits - 1; i >= _length; i--)
        {
            _buffer[i] = (byte)('0' + value % 10);
            value /= 10;
        }
        _length += digits;
    }

    private void PutTwo(int value)
    {
        _buffer[_length++] = (byte)('0' + value / 10);
        _buffer[_length++] = (byte)('0' + value % 10);
    }

    private void PutTime(ReadOnlySpan<byte> date, int secondOfDay)
    {
        date.CopyTo(_buffer.AsSpan(_length));
        _length += date.Length;
        PutTwo(secondOfDay / 3600);
        PutTwo(secondOfDay / 60 % 60);
        PutTwo(secondOfDay % 60);
    }

    private void PutType(bool sms)
    {
        if (sms) { _buffer[_length++] = (byte)'s'; _buffer[_length++] = (byte)'m'; _buffer[_length++] = (byte)'s'; }
        else { "voice"u8.CopyTo(_buffer.AsSpan(_length)); _length += 5; }
    }

    private void PutCell(int cellId)
    {
        if (_cells == CellColumn.Absent)
        {
            _length--; // the comma written before the cell
            return;
        }
        if (_cells == CellColumn.Empty || cellId == NoCell) return;
        CellPrefix.CopyTo(_buffer.AsSpan(_length));
        _length += CellPrefix.Length;
        PutInt(cellId);
    }
}

/// <summary>The ways a planted malformed row breaks the CDR contract.</summary>
internal enum BadRowReason
{
    EmptyCaller = 0,
    CallerNotDigits = 1,
    CalleeTooLong = 2,
    BadStartTime = 3,
    BadDuration = 4,
    BadType = 5,
    MissingFields = 6,
}

/// <summary>
/// Passes bytes on in fixed 64 KiB blocks whatever the sizes of the writes it receives, so a compressor
/// downstream sees the same calls, and produces the same bytes, however the rows were produced.
/// </summary>
internal sealed class FixedBlockStream(Stream inner) : Stream
{
    private readonly byte[] _block = new byte[1 << 16];
    private int _fill;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, _block.Length - _fill);
            buffer[..take].CopyTo(_block.AsSpan(_fill));
            _fill += take;
            buffer = buffer[take..];
            if (_fill == _block.Length) { inner.Write(_block, 0, _fill); _fill = 0; }
        }
    }

    /// <summary>Writes the last partial block and flushes the inner stream; call once, at the end.</summary>
    public override void Flush()
    {
        if (_fill > 0) inner.Write(_block, 0, _fill);
        _fill = 0;
        inner.Flush();
    }
}
