using System.Globalization;
using CallGraph.Numbers;

namespace CallGraph.Ingest;

/// <summary>
/// How many rejected rows a run tolerates before it stops: an absolute count, or a fraction of the rows
/// read with a floor. A fraction is checked after every chunk once 10,000 rows have been read (so a dump
/// that is wholly wrong stops early) and always at the end of the run. <c>default(RejectLimit)</c>
/// tolerates no rejects.
/// </summary>
public readonly record struct RejectLimit
{
    private RejectLimit(long? count, double? fraction, long floor)
    {
        Count = count;
        Fraction = fraction;
        Floor = floor;
    }

    /// <summary>Absolute maximum of rejected rows, or null for a fractional limit.</summary>
    public long? Count { get; }

    /// <summary>Maximum share of rows read (0..1), or null for an absolute limit.</summary>
    public double? Fraction { get; }

    /// <summary>With a fraction: rejects up to this count are always tolerated.</summary>
    public long Floor { get; }

    /// <summary>The default: 1% of the rows read, but never fewer than 1,000 rows.</summary>
    public static RejectLimit Default { get; } = new(null, 0.01, 1000);

    /// <summary>No limit: every row may be rejected.</summary>
    public static RejectLimit None { get; } = new(long.MaxValue, null, 0);

    /// <summary>At most <paramref name="count"/> rejected rows (0 = any reject fails the run).</summary>
    public static RejectLimit OfCount(long count) =>
        count < 0 ? throw new ArgumentOutOfRangeException(nameof(count)) : new(count, null, 0);

    /// <summary>At most <paramref name="percent"/>% of the rows read, and at least <paramref name="floor"/> rows.</summary>
    public static RejectLimit OfPercent(double percent, long floor = 0) =>
        percent is < 0 or > 100 || double.IsNaN(percent) ? throw new ArgumentOutOfRangeException(nameof(percent))
        : new(null, percent / 100.0, Math.Max(0, floor));

    /// <summary>Parses <c>1000</c> (a count) or <c>0.5%</c> (a percentage of rows read).</summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static RejectLimit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.EndsWith('%'))
        {
            if (double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p is >= 0 and <= 100)
                return OfPercent(p);
        }
        else if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            return OfCount(n);
        }
        throw new FormatException($"'{text}' is not a reject limit (a count such as 1000, or a percentage such as 0.5%)");
    }

    /// <summary>True when <paramref name="rejected"/> of <paramref name="rowsRead"/> rows goes past the limit.</summary>
    public bool IsExceeded(long rejected, long rowsRead) =>
        Count is long c ? rejected > c
        : Fraction is double f ? rejected > Math.Max(Floor, (long)Math.Floor(f * rowsRead))
        : rejected > 0; // default(RejectLimit): no rejects tolerated

    /// <summary>The limit as the option would be written (<c>1000</c>, <c>0.5%</c>).</summary>
    public override string ToString() =>
        Count is long c ? (c == long.MaxValue ? "none" : c.ToString(CultureInfo.InvariantCulture))
        : Fraction is null ? "0"
        : (Fraction.Value * 100).ToString("0.####", CultureInfo.InvariantCulture) + "%"
          + (Floor > 0 ? string.Create(CultureInfo.InvariantCulture, $" (at least {Floor:N0})") : "");
}

/// <summary>Options of <see cref="CdrReader.Read"/>. The defaults read the documented default format.</summary>
public sealed record CdrReaderOptions
{
    /// <summary>Header names of the CDR fields.</summary>
    public CdrColumnMap Columns { get; init; } = CdrColumnMap.Default;

    /// <summary>
    /// What the caller and callee fields hold: telephone numbers (normalised) or opaque ids (any non-empty
    /// token, see <see cref="SubscriberIds"/>). <see cref="CallGraphPipeline"/> takes it from the number plan.
    /// </summary>
    public SubscriberIdKind Ids { get; init; } = SubscriberIdKind.Phone;

    /// <summary>
    /// With opaque ids: receives the operators of the <c>caller_operator</c>/<c>callee_operator</c> columns
    /// (when the dump has them). Null ignores those columns.
    /// </summary>
    public SubscriberNetworks? Subscribers { get; init; }

    /// <summary>
    /// Copy each rejected row's text into the reject file's <c>raw</c> column. False writes <see cref="WithheldText"/>
    /// instead: a row that does not parse cannot be pseudonymised field by field, so it is not copied at all.
    /// </summary>
    public bool WriteRejectedText { get; init; } = true;

    /// <summary>The <c>raw</c> column of a reject row when <see cref="WriteRejectedText"/> is false.</summary>
    public const string WithheldText = "(withheld)";

    /// <summary>Field delimiter; null to detect it from the header line (comma, tab, semicolon or pipe).</summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// Start-time pattern: <c>yyyy MM dd HH mm ss</c> plus literal characters, e.g. <c>yyyyMMdd HHmm</c>.
    /// Null accepts ISO-8601 (<c>2026-06-01T08:15:00</c>, <c>2026-06-01 08:15:00</c>, fraction and Z ignored)
    /// and <c>yyyyMMddHHmmss</c>.
    /// </summary>
    public string? TimeFormat { get; init; }

    /// <summary>When the run stops with a <see cref="DataException"/> for too many rejected rows.</summary>
    public RejectLimit MaxRejects { get; init; } = RejectLimit.Default;

    /// <summary>
    /// Skip exact duplicate CDRs (same numbers, start, duration, type and cell). The reader keeps a 64-bit
    /// fingerprint (about 11–22 bytes) per distinct CDR of the days in <see cref="DuplicateWindowDays"/>.
    /// Turn it off for dumps known to be free of duplicates.
    /// </summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>
    /// How far back, in start days, duplicates are looked for: a row is checked when it starts at most this
    /// many days before the latest day of the rows in earlier chunks (the reader cuts the input into chunks
    /// of about 1 MiB), and fingerprints of older days are freed.
    /// With the default of 1 a dump in day order (or one day out of order) is deduplicated exactly while the
    /// filter holds only two or three days; rows older than the window are accepted unchecked and counted in
    /// <see cref="IngestReport.NotCheckedForDuplicates"/>. Null checks every row against the whole input
    /// (exact for any order; memory then grows with the CDR count).
    /// </summary>
    public int? DuplicateWindowDays { get; init; } = 1;

    /// <summary>Default <see cref="EarliestYear"/>.</summary>
    public const int DefaultEarliestYear = 1990;

    /// <summary>Default <see cref="LatestYear"/>.</summary>
    public const int DefaultLatestYear = 2100;

    /// <summary>
    /// First plausible year of a start time: an earlier row is rejected as <c>implausible_time</c> (a clock
    /// reset, a 0001-01-01 placeholder), so one wrong row neither stretches the periods nor moves the duplicate window.
    /// </summary>
    public int EarliestYear { get; init; } = DefaultEarliestYear;

    /// <summary>Last plausible year of a start time (inclusive, at most 9999): a later row is rejected as <c>implausible_time</c>.</summary>
    public int LatestYear { get; init; } = DefaultLatestYear;

    /// <summary>Most parsing threads a run accepts (each holds chunk buffers and a sink).</summary>
    public const int MaxThreads = 256;

    /// <summary>Parsing threads, each feeding its own sink (1 to <see cref="MaxThreads"/>).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Keep only CDRs starting at or after this time (<see cref="Cdr.StartSeconds"/>), or null.</summary>
    public long? From { get; init; }

    /// <summary>Keep only CDRs starting before this time (<see cref="Cdr.StartSeconds"/>), or null.</summary>
    public long? To { get; init; }

    /// <summary>Bytes handed to a worker at a time (internal so tests can force many small chunks).</summary>
    internal int ChunkBytes { get; init; } = 1 << 20;

    /// <summary>Longest accepted line in bytes; longer lines are rejected as <c>line_too_long</c>.</summary>
    internal int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Checks every value: threads 1 to <see cref="MaxThreads"/>, a duplicate window of at least 0 days,
    /// <see cref="From"/> before <see cref="To"/>, a printable delimiter, the earliest and latest plausible years.
    /// </summary>
    /// <exception cref="InvalidOptionException">A value is out of range; its name is the property's.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Columns);
        OptionChecks.Between(Threads, 1, MaxThreads, nameof(Threads));
        if (DuplicateWindowDays is int days) OptionChecks.AtLeast(days, 0, nameof(DuplicateWindowDays));
        if (From is long from && To is long to && from >= to) throw new InvalidOptionException(nameof(From), "must be before To");
        if (Delimiter is char d && (d is '"' or '\n' or '\r')) throw new InvalidOptionException(nameof(Delimiter), "must not be a quote or a line break");
        OptionChecks.Between(EarliestYear, 1, 9999, nameof(EarliestYear));
        OptionChecks.Between(LatestYear, EarliestYear, 9999, nameof(LatestYear));
        OptionChecks.AtLeast(ChunkBytes, 1, nameof(ChunkBytes));
        OptionChecks.AtLeast(MaxLineBytes, 1, nameof(MaxLineBytes));
    }
}
