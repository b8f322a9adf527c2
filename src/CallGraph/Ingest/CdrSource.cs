namespace CallGraph.Ingest;

/// <summary>
/// One CDR input: a name for messages and reject rows, a way to open its bytes, and its length in bytes
/// when known (for progress). The reader tells gzip by its magic bytes (<c>1F 8B</c>), whatever the name, reads
/// concatenated gzip members as one stream, and counts progress in compressed bytes; <paramref name="Gzip"/>
/// only says that the bytes are expected to be gzip (it sizes the reader's tables).
/// </summary>
/// <param name="Name">Shown in errors and in the reject file's <c>file</c> column.</param>
/// <param name="Open">Opens the raw bytes; called once, on the calling thread; the reader disposes the stream.</param>
/// <param name="Length">Raw length in bytes, or null when unknown.</param>
/// <param name="Gzip">True when the raw bytes are expected to be gzip (a hint; the reader looks at the bytes).</param>
public sealed record CdrSource(string Name, Func<Stream> Open, long? Length = null, bool Gzip = false)
{
    /// <summary>A file on disk; gzip when its first bytes are gzip's magic, whatever its name.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CdrSource FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"{path} is a folder, not a CDR file");
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such file", path);
        // A named pipe (`--cdr <(zcat dump.gz)`) reports length 0 and can be read only once: looking at its first
        // bytes here would consume them. Only a file with bytes on disk is looked at (the reader sniffs the rest).
        bool onDisk = info.Length > 0;
        bool gzip = onDisk && StartsWithGzipMagic(path);
        return new CdrSource(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), onDisk ? info.Length : null, gzip);
    }

    /// <summary>A stream read once, such as standard input (length unknown; gzip or not, told by its bytes).</summary>
    public static CdrSource FromStream(string name, Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(open);
        return new CdrSource(name, open);
    }

    private static bool StartsWithGzipMagic(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            Span<byte> head = stackalloc byte[2];
            return file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1F && head[1] == 0x8B;
        }
        catch (IOException)
        {
            return false; // the reader reports it when it opens the file
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>An in-memory source (tests, small samples); gzip when <paramref name="gzip"/> is true.</summary>
    public static CdrSource FromBytes(string name, byte[] bytes, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new CdrSource(name, () => new MemoryStream(bytes, writable: false), bytes.LongLength, gzip);
    }
}
