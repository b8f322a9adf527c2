using System.IO.Compression;
using System.Text;
using CallGraph.Synthetic;

namespace CallGraph.Synthetic.Tests;

/// <summary>Keeps every generated file in memory, by name.</summary>
internal sealed class MemoryWorldOutput : IWorldOutput
{
    public Dictionary<string, MemoryStream> Files { get; } = new(StringComparer.Ordinal);

    public Stream Create(string fileName)
    {
        var stream = new MemoryStream();
        Files[fileName] = stream;
        return stream;
    }

    public byte[] Bytes(string name) => Files[name].ToArray();

    public string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    /// <summary>Data rows of a CSV (header dropped), split on commas.</summary>
    public List<string[]> Rows(string name) =>
        Lines(name).Skip(1).Select(l => l.Split(',')).ToList();

    public List<string> Lines(string name)
    {
        string text = name.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(new MemoryStream(Bytes(name)), CompressionMode.Decompress), Encoding.UTF8).ReadToEnd()
            : Text(name);
        var lines = text.Split('\n').ToList();
        Assert.Equal("", lines[^1]); // every line ends with \n
        lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}

/// <summary>A stream that only counts what is written: for runs whose output is too big to keep.</summary>
internal sealed class CountingStream : Stream
{
    public long Written { get; private set; }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;
    public override long Position { get => Written; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Written += count;
    public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;
}

internal sealed class CountingWorldOutput : IWorldOutput
{
    public Dictionary<string, CountingStream> Files { get; } = new(StringComparer.Ordinal);

    public Stream Create(string fileName) => Files[fileName] = new CountingStream();
}
