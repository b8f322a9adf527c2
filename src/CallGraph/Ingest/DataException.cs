namespace CallGraph.Ingest;

/// <summary>
/// Input that cannot be used: names the source, and the line and column where known, so the
/// message alone tells an analyst where to look. Lines and columns are 1-based; 0 means unknown.
/// </summary>
public sealed class DataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataException(string source, long line, int column, string reason, Exception? inner = null)
        : base(Format(source, line, column, reason), inner)
    {
        Source = source;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file (or stream name) at fault.</summary>
    public new string Source { get; }

    /// <summary>1-based line, 0 when not tied to a line.</summary>
    public long Line { get; }

    /// <summary>1-based column (field index), 0 when not tied to a column.</summary>
    public int Column { get; }

    /// <summary>The reason without the location.</summary>
    public string Reason { get; }

    private static string Format(string source, long line, int column, string reason) =>
        line <= 0 ? $"{source}: {reason}"
        : column <= 0 ? $"{source}:{line}: {reason}"
        : $"{source}:{line}:{column}: {reason}";
}
