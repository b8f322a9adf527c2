namespace CallGraph.Ingest;

/// <summary>
/// Read-only pass-through that counts the bytes read and remembers the last eight: progress for any
/// stream, and the gzip trailer (CRC32 and size mod 2^32) without seeking.
/// </summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private readonly byte[] _tail = new byte[8];

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The size field of a gzip trailer, if at least 18 bytes (header + trailer) were read.</summary>
    public uint? GzipTrailerSize =>
        BytesRead < 18 ? null : (uint)(Tail(4) | Tail(5) << 8 | Tail(6) << 16 | Tail(7) << 24);

    private int Tail(int i) => _tail[(int)((BytesRead - 8 + i) % 8)];

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        // Keep the last 8 bytes in a ring indexed by absolute position.
        for (int i = Math.Max(0, n - 8); i < n; i++) _tail[(int)((BytesRead + i) % 8)] = buffer[i];
        BytesRead += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
