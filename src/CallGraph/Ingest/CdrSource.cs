namespace CallGraph.Ingest;

/// <summary>
/// One CDR input: a name for messages and reject rows, a way to open its bytes, and its length in bytes
/// when known (for progress). <paramref name="Gzip"/> says the bytes are gzip-compressed; the reader then
/// decompresses them (and progress counts compressed bytes).
/// </summary>
/// <param name="Name">Shown in errors and in the reject file's <c>file</c> column.</param>
/// <param name="Open">Opens the raw bytes; called once, on the calling thread; the reader disposes the stream.</param>
/// <param name="Length">Raw length in bytes, or null when unknown.</param>
/// <param name="Gzip">True when the raw bytes are gzip.</param>
public sealed record CdrSource(string Name, Func<Stream> Open, long? Length = null, bool Gzip = false)
{
    /// <summary>A file on disk; gzip when the name ends in <c>.gz</c> (any case).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CdrSource FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"{path} is a folder, not a CDR file");
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such file", path);
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        return new CdrSource(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), info.Length, gzip);
    }

    /// <summary>An in-memory source (tests, small samples); gzip when <paramref name="gzip"/> is true.</summary>
    public static CdrSource FromBytes(string name, byte[] bytes, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new CdrSource(name, () => new MemoryStream(bytes, writable: false), bytes.LongLength, gzip);
    }
}
