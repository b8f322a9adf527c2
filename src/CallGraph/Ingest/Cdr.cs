using CallGraph.Numbers;

namespace CallGraph.Ingest;

/// <summary>Kind of event a CDR records.</summary>
public enum CdrType : byte
{
    /// <summary>A voice call (the default when a dump has no type column).</summary>
    Voice = 0,

    /// <summary>A short message.</summary>
    Sms = 1,
}

/// <summary>
/// One accepted call detail record, fully parsed: canonical numbers, start time as seconds since
/// 1970-01-01 on the dump's own clock (no time-zone conversion: working hours are read off this clock),
/// duration, type and a 64-bit key of the cell (0 when the dump has no cell).
/// </summary>
/// <param name="Caller">Calling (sending) party.</param>
/// <param name="Callee">Called (receiving) party.</param>
/// <param name="StartSeconds">Start time, seconds since 1970-01-01T00:00:00 on the dump's clock.</param>
/// <param name="DurationSeconds">Call duration in seconds; 0 for SMS.</param>
/// <param name="Type">Voice or SMS.</param>
/// <param name="CellKey">The cell id text's key (<see cref="CdrReader.CellKey"/>, MD5-based); 0 when absent.</param>
public readonly record struct Cdr(
    PhoneNumber Caller,
    PhoneNumber Callee,
    long StartSeconds,
    int DurationSeconds,
    CdrType Type,
    ulong CellKey);

/// <summary>
/// Receives accepted CDRs. The reader creates one sink per worker thread (so a sink needs no locking)
/// and hands them all back when it is done; the caller merges them.
/// </summary>
public interface ICdrSink
{
    /// <summary>Takes one accepted CDR. Called on the sink's own worker thread only.</summary>
    void Add(in Cdr cdr);
}

/// <summary>
/// A sink that can also take the accepted CDRs of a whole chunk at once. The reader checks for it once per
/// chunk; a sink that implements it gets <see cref="AddBatch"/> instead of one <see cref="ICdrSink.Add"/> per
/// row, which lets it look several rows ahead (for example to fetch table slots before it needs them).
/// </summary>
/// <remarks>
/// Only sinks of a reference type get batches: a struct sink is always fed row by row, so the reader never
/// works on a boxed copy of it.
/// </remarks>
public interface ICdrBatchSink : ICdrSink
{
    /// <summary>
    /// Takes a run of accepted CDRs in input order, with the same effect as calling <see cref="ICdrSink.Add"/>
    /// on each of them in turn. Called on the sink's own worker thread only; the span is valid only during the call.
    /// </summary>
    void AddBatch(ReadOnlySpan<Cdr> cdrs);
}

/// <summary>Clock helpers over <see cref="Cdr.StartSeconds"/>.</summary>
public static class CdrClock
{
    /// <summary>Hour of day, 0..23.</summary>
    public static int HourOfDay(long startSeconds) => (int)(FloorMod(startSeconds, 86400) / 3600);

    /// <summary>Day of week, 0 = Monday .. 6 = Sunday.</summary>
    public static int DayOfWeek(long startSeconds) => (int)FloorMod(FloorDiv(startSeconds, 86400) + 3, 7);

    /// <summary>Hour of week, 0..167, Monday 00:00 = 0.</summary>
    public static int HourOfWeek(long startSeconds) => DayOfWeek(startSeconds) * 24 + HourOfDay(startSeconds);

    /// <summary>Converts to a <see cref="DateTime"/> of kind Unspecified (the dump's own clock).</summary>
    public static DateTime ToDateTime(long startSeconds) =>
        DateTime.SpecifyKind(DateTime.UnixEpoch.AddSeconds(startSeconds), DateTimeKind.Unspecified);

    /// <summary>Converts a clock time to <see cref="Cdr.StartSeconds"/>.</summary>
    public static long FromDateTime(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;
}
