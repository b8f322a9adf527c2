using System.Diagnostics;
using System.Globalization;
using CallGraph.Ingest;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// Shows read progress on stderr: a bar redrawn in place when stderr is a terminal, an occasional plain
/// line when it is redirected (logs stay readable). Call <see cref="Finish"/> to clear the bar.
/// </summary>
internal sealed class ProgressReporter : IProgress<IngestProgress>
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = TimeSpan.Zero;
    private bool _drawn;

    public ProgressReporter(TextWriter writer, bool interactive)
    {
        _writer = writer;
        _interactive = interactive;
        _interval = interactive ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(10);
    }

    /// <summary>A reporter for the process's stderr: interactive only when it is the real, unredirected console.</summary>
    public static ProgressReporter For(TextWriter stderr) =>
        new(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>As <see cref="For(TextWriter)"/>, or one that shows nothing under <c>--quiet</c>.</summary>
    public static ProgressReporter For(TextWriter stderr, bool quiet) =>
        quiet ? new ProgressReporter(TextWriter.Null, interactive: false) : For(stderr);

    public void Report(IngestProgress value)
    {
        var now = _clock.Elapsed;
        if (now - _last < _interval) return;
        _last = now;
        double seconds = Math.Max(now.TotalSeconds, 1e-3);
        string rate = string.Create(CultureInfo.InvariantCulture, $"{value.RowsRead:N0} rows, {value.RowsRead / seconds:N0} rows/s");
        string done = value.TotalBytes is long total && total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * value.BytesDone / total,5:0.0}% of {Megabytes(total)}")
            : Megabytes(value.BytesDone);
        if (_interactive)
        {
            string bar = value.TotalBytes is long t && t > 0 ? Bar((double)value.BytesDone / t) + " " : "";
            _writer.Write($"\r{bar}{done}  {rate}  {Shorten(value.FileName, 30)}\u001b[K");
            _drawn = true;
        }
        else
        {
            _writer.WriteLine($"callgraph: {done}, {rate} ({value.FileName})");
        }
    }

    /// <summary>Clears the bar so the next output starts on a clean line.</summary>
    public void Finish()
    {
        if (_drawn) _writer.Write("\r\u001b[K");
        _drawn = false;
    }

    private static string Bar(double fraction)
    {
        const int Width = 24;
        int filled = (int)Math.Clamp(Math.Round(fraction * Width), 0, Width);
        return "[" + new string('#', filled) + new string('.', Width - filled) + "]";
    }

    internal static string Megabytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:N1} MB");

    private static string Shorten(string text, int max) => text.Length <= max ? text : "…" + text[^(max - 1)..];
}
