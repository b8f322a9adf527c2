namespace CallGraph.Ingest;

/// <summary>
/// Read-only pass-through that counts the bytes read and remembers the last eight: progress for any
/// stream, and the gzip trailer (CRC32 and size mod 2^32) without seeking. With <see cref="TrackGzipMembers"/>
/// it also spots the headers of further gzip members (concatenated gzip, as <c>cat a.gz b.gz</c> makes) and
/// sums the size fields of the trailers just before them, so that a whole concatenation can be checked
/// against the bytes decompressed.
/// </summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private const int History = 17; // a member's trailer (8 bytes) and the first 9 bytes of the next header
    private const int HeaderBytes = 10;

    private readonly byte[] _tail = new byte[8];
    private byte[] _scan = new byte[History + 4096];
    private int _history;       // bytes of the previous reads kept at the start of _scan
    private long _nextHeader = 1; // first absolute position not yet examined as a member start (a member at 0 has no trailer before it)

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Look for further gzip members while reading (set before the first read).</summary>
    public bool TrackGzipMembers { get; set; }

    /// <summary>Gzip members found after the first one.</summary>
    public long LaterMembers { get; private set; }

    /// <summary>Sum (mod 2^32) of the size fields of the trailers that end where a later member starts.</summary>
    public uint EarlierMembersSize { get; private set; }

    /// <summary>The size field of a gzip trailer, if at least 18 bytes (header + trailer) were read.</summary>
    public uint? GzipTrailerSize =>
        BytesRead < 18 ? null : (uint)(Tail(4) | Tail(5) << 8 | Tail(6) << 16 | Tail(7) << 24);

    private int Tail(int i) => _tail[(int)((BytesRead - 8 + i) % 8)];

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        if (TrackGzipMembers && n > 0) FindMembers(buffer[..n]);
        // Keep the last 8 bytes in a ring indexed by absolute position.
        for (int i = Math.Max(0, n - 8); i < n; i++) _tail[(int)((BytesRead + i) % 8)] = buffer[i];
        BytesRead += n;
        return n;
    }

    /// <summary>Examines every position whose 10 header bytes are now read, keeping the last 17 bytes for the next read.</summary>
    private void FindMembers(ReadOnlySpan<byte> data)
    {
        if (_scan.Length < _history + data.Length) Array.Resize(ref _scan, _history + data.Length);
        data.CopyTo(_scan.AsSpan(_history));
        int length = _history + data.Length;
        long origin = BytesRead - _history; // absolute position of _scan[0]
        var window = _scan.AsSpan(0, length);
        long from = Math.Max(_nextHeader, origin + 8);
        int i = (int)(from - origin);
        while (i <= length - HeaderBytes)
        {
            int hit = window[i..(length - HeaderBytes + 1)].IndexOf((byte)0x1F);
            if (hit < 0) break;
            i += hit;
            if (IsMemberHeader(window.Slice(i, HeaderBytes)))
            {
                LaterMembers++;
                EarlierMembersSize += (uint)(window[i - 4] | window[i - 3] << 8 | window[i - 2] << 16 | window[i - 1] << 24);
            }
            i++;
        }
        _nextHeader = Math.Max(_nextHeader, origin + length - HeaderBytes + 1);
        int keep = Math.Min(History, length);
        window[(length - keep)..].CopyTo(_scan);
        _history = keep;
    }

    /// <summary>A gzip member header: magic, deflate, no reserved flag bits, a known extra-flags value and OS code.</summary>
    internal static bool IsMemberHeader(ReadOnlySpan<byte> h) =>
        h[0] == 0x1F && h[1] == 0x8B && h[2] == 8 && (h[3] & 0xE0) == 0 && h[8] is 0 or 2 or 4 && (h[9] <= 13 || h[9] == 255);

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

/// <summary>A read-only stream that gives some bytes already read from another stream, then the rest of that stream.</summary>
internal sealed class PrefixStream(byte[] prefix, int prefixLength, Stream rest) : Stream
{
    private int _offset;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset < prefixLength)
        {
            int n = Math.Min(buffer.Length, prefixLength - _offset);
            prefix.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }
        return rest.Read(buffer);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
