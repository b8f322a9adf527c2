using System.IO.Compression;
using System.Text;
using CallGraph.Ingest;

namespace CallGraph.Engines.DuckDb;

/// <summary>
/// The header line of a CSV dump, read here rather than by DuckDB's sniffer: the sniffer samples rows, and a
/// dump with malformed rows can defeat it, while the in-process reader decides everything from the header alone.
/// The delimiter and the names follow the reader's rule (<see cref="CdrHeaderText"/>).
/// </summary>
internal static class CsvHeaderLine
{
    // The in-process reader's line limit (1 MiB): a longer first line is no header.
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>The delimiter and the trimmed column names of <paramref name="path"/>'s first line.</summary>
    /// <exception cref="DataException">The file is empty, or its first line is binary or too long.</exception>
    public static (char Delimiter, IReadOnlyList<string> Names) Read(string path, bool gzip, char? delimiter)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n')
        {
            if (bytes.Count == MaxHeaderBytes) throw new DataException(path, 1, 0, "the header line is longer than 1 MiB");
            bytes.Add((byte)b);
        }
        if (bytes.Count == 0 && b < 0) throw new DataException(path, 1, 0, "empty file: no header line");
        var line = bytes.ToArray().AsSpan();
        if (line.StartsWith("\uFEFF"u8)) line = line[3..];
        if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
        if (line.IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(line))
            throw new DataException(path, 1, 0, "not a CDR text file: the header line holds binary data (NUL bytes or invalid UTF-8)");
        string text = Encoding.UTF8.GetString(line);
        char chosen = delimiter ?? CdrHeaderText.DetectDelimiter(text);
        var names = CdrHeaderText.Split(text, chosen);
        if (names.Count > 1 && names[^1].Length == 0) names.RemoveAt(names.Count - 1); // a trailing delimiter
        return (chosen, names);
    }
}
