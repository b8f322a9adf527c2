using System.Globalization;

namespace CallGraph.Ingest;

/// <summary>Why a row was rejected. Its snake_case name (see <see cref="RejectReasons.Name"/>) is what reject files and reports show.</summary>
public enum RejectReason : byte
{
    /// <summary><c>field_count</c>: the row has a different number of fields than the header.</summary>
    FieldCount,

    /// <summary><c>empty_field</c>: a required field (caller, callee, start time, a voice call's duration) is empty.</summary>
    EmptyField,

    /// <summary><c>bad_number</c>: a number has characters other than digits and separators, or too many digits.</summary>
    BadNumber,

    /// <summary><c>self_call</c>: caller and callee are the same number.</summary>
    SelfCall,

    /// <summary><c>bad_time</c>: the start time does not parse in the expected format.</summary>
    BadTime,

    /// <summary><c>bad_duration</c>: the duration is not a whole number of seconds.</summary>
    BadDuration,

    /// <summary><c>negative_duration</c>: the duration is below zero.</summary>
    NegativeDuration,

    /// <summary><c>unknown_type</c>: the type is not voice|call|v|0 or sms|text|s|1.</summary>
    UnknownType,

    /// <summary><c>bad_quote</c>: a quoted field is not closed, or text follows its closing quote.</summary>
    BadQuote,

    /// <summary><c>line_too_long</c>: the line is longer than the reader's limit (1 MiB); its reject row keeps the first 256 bytes.</summary>
    LineTooLong,

    /// <summary>
    /// <c>implausible_time</c>: the start time parses but falls outside the plausible years
    /// (<see cref="CdrReaderOptions.EarliestYear"/> to <see cref="CdrReaderOptions.LatestYear"/>, 1990 to 2100 by default).
    /// </summary>
    ImplausibleTime,

    /// <summary><c>unknown_operator</c>: a <c>caller_operator</c>/<c>callee_operator</c> value is not an operator of the table.</summary>
    UnknownOperator,
}

/// <summary>Names of <see cref="RejectReason"/> values.</summary>
public static class RejectReasons
{
    private static readonly string[] Names =
    [
        "field_count", "empty_field", "bad_number", "self_call", "bad_time", "bad_duration",
        "negative_duration", "unknown_type", "bad_quote", "line_too_long", "implausible_time", "unknown_operator",
    ];

    /// <summary>Count of reasons.</summary>
    internal const int Count = 12;

    /// <summary>The snake_case name shown in reject files and reports.</summary>
    public static string Name(this RejectReason reason) => Names[(int)reason];
}

/// <summary>Counts for one input of a run.</summary>
/// <param name="Name">The source's name.</param>
/// <param name="RowsRead">Non-blank data lines (the header excluded).</param>
/// <param name="Accepted">Rows passed to a sink.</param>
/// <param name="Rejected">Rows written to the reject file.</param>
/// <param name="Duplicates">Exact duplicates skipped.</param>
/// <param name="OutsideWindow">Valid rows skipped for starting outside [From, To).</param>
/// <param name="Bytes">Bytes of CDR text (after decompression).</param>
public sealed record IngestFileReport(string Name, long RowsRead, long Accepted, long Rejected, long Duplicates, long OutsideWindow, long Bytes);

/// <summary>
/// What a read did. Always <c>RowsRead = Accepted + Rejected + Duplicates + OutsideWindow</c>; all counts
/// are the same whatever the thread count.
/// </summary>
public sealed class IngestReport
{
    /// <summary>
    /// A report of counts made elsewhere: by an <see cref="Aggregation.IAggregationEngine"/> that read the CDRs itself,
    /// or from a partial aggregate's stored counts. <paramref name="rowsRead"/> must equal accepted + rejected +
    /// duplicates + outside the window.
    /// </summary>
    /// <exception cref="ArgumentException">The counts do not add up, or one is negative.</exception>
    public IngestReport(long rowsRead, long accepted, long rejected, long duplicates, long notCheckedForDuplicates, long outsideWindow,
        IReadOnlyDictionary<string, long> rejectsByReason, long? firstStart, long? lastStart, long bytesRead,
        IReadOnlyList<IngestFileReport> files, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(rejectsByReason);
        ArgumentNullException.ThrowIfNull(files);
        if (accepted < 0 || rejected < 0 || duplicates < 0 || outsideWindow < 0 || notCheckedForDuplicates < 0 || bytesRead < 0)
            throw new ArgumentException("ingest counts cannot be negative");
        if (rowsRead != accepted + rejected + duplicates + outsideWindow)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"rows read ({rowsRead}) must equal accepted + rejected + duplicates + outside the window ({accepted} + {rejected} + {duplicates} + {outsideWindow})"));
        RowsRead = rowsRead;
        Accepted = accepted;
        Rejected = rejected;
        Duplicates = duplicates;
        NotCheckedForDuplicates = notCheckedForDuplicates;
        OutsideWindow = outsideWindow;
        RejectsByReason = rejectsByReason;
        FirstStart = firstStart;
        LastStart = lastStart;
        BytesRead = bytesRead;
        Files = files;
        Elapsed = elapsed;
    }

    /// <summary>Non-blank data lines of all inputs (headers excluded).</summary>
    public long RowsRead { get; }

    /// <summary>Rows passed to the sinks.</summary>
    public long Accepted { get; }

    /// <summary>Rows rejected (see <see cref="RejectsByReason"/>).</summary>
    public long Rejected { get; }

    /// <summary>Exact duplicate CDRs skipped (0 when deduplication is off).</summary>
    public long Duplicates { get; }

    /// <summary>
    /// Accepted rows that were not checked for duplicates because they started more than
    /// <see cref="CdrReaderOptions.DuplicateWindowDays"/> days before an earlier row (0 for a dump in day order,
    /// and whenever the window is unbounded or deduplication is off).
    /// </summary>
    public long NotCheckedForDuplicates { get; }

    /// <summary>Valid rows skipped for starting outside the time window.</summary>
    public long OutsideWindow { get; }

    /// <summary>Rejected rows by reason name, sorted by name; reasons that did not occur are absent.</summary>
    public IReadOnlyDictionary<string, long> RejectsByReason { get; }

    /// <summary>Earliest start of an accepted CDR, or null when none was accepted.</summary>
    public long? FirstStart { get; }

    /// <summary>Latest start of an accepted CDR, or null when none was accepted.</summary>
    public long? LastStart { get; }

    /// <summary>Bytes of CDR text read, after decompression.</summary>
    public long BytesRead { get; }

    /// <summary>Counts per input, in input order.</summary>
    public IReadOnlyList<IngestFileReport> Files { get; }

    /// <summary>Wall time of the read.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Writes one <c>reason,count</c> line per reason (with a header), sorted by reason.</summary>
    public void WriteRejectSummary(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("reason,count\n");
        foreach (var (reason, count) in RejectsByReason)
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{reason},{count}\n"));
    }
}

/// <summary>Progress of a read, reported on the calling thread about once per chunk.</summary>
/// <param name="BytesDone">Raw bytes consumed so far (compressed bytes for gzip inputs).</param>
/// <param name="TotalBytes">Raw bytes of all inputs, or null when some length is unknown.</param>
/// <param name="RowsRead">Rows read so far.</param>
/// <param name="FileIndex">Index of the input being read.</param>
/// <param name="FileName">Name of the input being read.</param>
public readonly record struct IngestProgress(long BytesDone, long? TotalBytes, long RowsRead, int FileIndex, string FileName);

/// <summary>The sinks of a read (one per worker, in worker order) and its report.</summary>
/// <typeparam name="TSink">The sink type.</typeparam>
/// <param name="Sinks">One sink per worker; merge them to get the whole.</param>
/// <param name="Report">Counts of the read.</param>
public sealed record IngestResult<TSink>(IReadOnlyList<TSink> Sinks, IngestReport Report) where TSink : ICdrSink;
