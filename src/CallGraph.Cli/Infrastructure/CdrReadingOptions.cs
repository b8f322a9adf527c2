using System.CommandLine;
using System.Globalization;
using System.Text;
using CallGraph.Ingest;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// The options that say how to read CDR files (<c>--columns</c>, <c>--delimiter</c>, <c>--time-format</c>,
/// <c>--max-rejects</c>, <c>--rejects</c>, <c>--no-dedup</c>, <c>--threads</c>, <c>--from</c>, <c>--to</c>), shared by the
/// commands that read dumps.
/// </summary>
internal sealed class CdrReadingOptions
{
    public Option<string?> Columns { get; } = new("--columns")
    {
        Description = "Column map, e.g. caller=From,callee=To,start_time=Datetime,duration_s=Duration(seconds),cell_id=Cell Tower,type= (default: caller,callee,start_time,duration_s,type,cell_id).",
    };

    public Option<string?> Delimiter { get; } = new("--delimiter")
    {
        Description = "Field delimiter: one character, or 'tab' (default: detected from the header: comma, tab, semicolon or pipe).",
    };

    public Option<string?> TimeFormat { get; } = new("--time-format")
    {
        Description = "Start-time pattern from yyyy MM dd HH mm ss and literal characters, e.g. \"yyyyMMdd HHmm\" (default: ISO-8601 or yyyyMMddHHmmss).",
    };

    public Option<string?> MaxRejects { get; } = new("--max-rejects")
    {
        Description = "Stop when more rows than this are rejected: a count (1000) or a percentage of rows read (0.5%). Default: 1%, at least 1000 rows.",
    };

    public Option<FileInfo?> Rejects { get; } = new("--rejects")
    {
        Description = "Write rejected rows to this CSV (file,line,column,reason,raw).",
    };

    public Option<bool> NoDedup { get; } = new("--no-dedup")
    {
        Description = "Keep exact duplicate CDRs (saves the duplicate filter's memory, about 11-22 bytes per CDR of the window's days).",
    };

    public Option<string?> DedupWindow { get; } = new("--dedup-window")
    {
        Description = "Look for duplicates among rows starting at most this many days before the latest day read so far, or 'all' for the whole input (exact in any order, but memory grows with the CDR count). Older rows are counted as not_checked_for_duplicates. Default: 1.",
    };

    public Option<int?> Threads { get; } = new("--threads")
    {
        Description = "Parsing threads (default: the processor count).",
    };

    public Option<string?> From { get; } = new("--from")
    {
        Description = "Keep CDRs starting at or after this time on the dump's clock (yyyy-MM-dd or yyyy-MM-ddTHH:mm[:ss]).",
    };

    public Option<string?> To { get; } = new("--to")
    {
        Description = "Keep CDRs starting before this time on the dump's clock (yyyy-MM-dd or yyyy-MM-ddTHH:mm[:ss]); rows outside are counted as outside_window.",
    };

    public Option<string> PlausibleYears { get; } = new("--plausible-years")
    {
        Description = "Start times outside these years (FIRST-LAST) are rejected as implausible_time.",
        DefaultValueFactory = _ => $"{CdrReaderOptions.DefaultEarliestYear}-{CdrReaderOptions.DefaultLatestYear}",
    };

    private static readonly string[] TimeFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    public void AddTo(Command command)
    {
        command.Options.Add(Columns);
        command.Options.Add(Delimiter);
        command.Options.Add(TimeFormat);
        command.Options.Add(MaxRejects);
        command.Options.Add(Rejects);
        command.Options.Add(NoDedup);
        command.Options.Add(DedupWindow);
        command.Options.Add(Threads);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(PlausibleYears);
    }

    /// <summary>Reader options from the command line; malformed values are usage errors.</summary>
    public CdrReaderOptions Build(ParseResult parse)
    {
        var options = new CdrReaderOptions { Deduplicate = !parse.GetValue(NoDedup) };
        if (parse.GetValue(DedupWindow) is { } window)
        {
            options = window.Trim() switch
            {
                "all" => options with { DuplicateWindowDays = null },
                var t when int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int days) => options with { DuplicateWindowDays = days },
                _ => throw new UsageException($"--dedup-window '{window}' is not a number of days or 'all'"),
            };
        }
        try
        {
            if (parse.GetValue(Columns) is { } columns) options = options with { Columns = CdrColumnMap.Parse(columns) };
            if (parse.GetValue(MaxRejects) is { } limit) options = options with { MaxRejects = RejectLimit.Parse(limit) };
            if (parse.GetValue(TimeFormat) is { } format)
            {
                CdrReader.ValidateTimeFormat(format);
                options = options with { TimeFormat = format };
            }
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
        if (parse.GetValue(Delimiter) is { } delimiter)
        {
            char c = delimiter switch
            {
                "tab" or "\\t" or "\t" => '\t',
                { Length: 1 } when delimiter[0] is > ' ' and < (char)127 and not '"' => delimiter[0],
                _ => throw new UsageException($"--delimiter '{delimiter}' is not one printable ASCII character or 'tab'"),
            };
            options = options with { Delimiter = c };
        }
        long? from = ParseTime(parse.GetValue(From), "--from");
        long? to = ParseTime(parse.GetValue(To), "--to");
        if (from >= to) throw new UsageException("--from must be before --to");
        options = options with { From = from, To = to };
        if (parse.GetValue(Threads) is int threads)
        {
            options = options with { Threads = threads };
        }
        string years = parse.GetValue(PlausibleYears)!;
        var parts = years.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int first)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int last))
            throw new UsageException($"--plausible-years '{years}' must look like 1990-2100");
        options = options with { EarliestYear = first, LatestYear = last };
        options.Validate();
        return options;
    }

    private static long? ParseTime(string? text, string option)
    {
        if (text is null) return null;
        if (!DateTime.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            throw new UsageException($"{option} '{text}' is not a time (yyyy-MM-dd or yyyy-MM-ddTHH:mm[:ss])");
        return CallGraph.Ingest.CdrClock.FromDateTime(time);
    }

    /// <summary>Opens the reject file (staged: call <see cref="StagedFile.Commit"/> when the run succeeded), or returns null when none was asked for.</summary>
    public StagedFile? OpenRejects(ParseResult parse) =>
        parse.GetValue(Rejects) is { } file ? new StagedFile(file.FullName, "--rejects") : null;

    /// <summary>
    /// Sources for the given paths, in order (Parquet files told by their magic bytes): <c>-</c> is standard input (once); a folder gives its files and a path
    /// whose file name holds <c>*</c> or <c>?</c> the files it matches, each in ordinal name order. A missing file,
    /// an empty folder or a glob matching nothing is an input error.
    /// </summary>
    public static IReadOnlyList<CdrSource> Sources(IEnumerable<FileInfo> files)
    {
        var sources = new List<CdrSource>();
        bool stdin = false;
        foreach (var f in files)
        {
            string path = f.ToString(); // the path as typed reads best in messages
            if (path == "-")
            {
                if (stdin) throw new UsageException("--cdr - (standard input) can be given only once");
                stdin = true;
                sources.Add(CdrSource.FromStream("stdin", StandardInput));
            }
            else if (Directory.Exists(path))
            {
                var inside = Directory.GetFiles(path).Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
                if (inside.Count == 0) throw new InvalidDataException($"{path}: folder holds no CDR files");
                sources.AddRange(inside.Select(FromFile));
            }
            else if (IsGlob(path)) sources.AddRange(Glob(path, "--cdr").Select(FromFile));
            else sources.Add(FromFile(path));
        }
        return sources;
    }

    /// <summary>True when the file name part of <paramref name="path"/> holds <c>*</c> or <c>?</c>.</summary>
    public static bool IsGlob(string path) => Path.GetFileName(path).AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The files a path whose file name holds <c>*</c> or <c>?</c> matches, in ordinal name order; none is an input error.</summary>
    public static IReadOnlyList<string> Glob(string path, string option)
    {
        string folder = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        if (folder.AsSpan().IndexOfAny('*', '?') >= 0) throw new UsageException($"{option} '{path}': only the file name may hold * or ?");
        var matched = Directory.Exists(folder)
            ? Directory.GetFiles(folder, Path.GetFileName(path)).Select(p => Path.Combine(folder == "." && !path.StartsWith('.') ? "" : folder, Path.GetFileName(p))).Order(StringComparer.Ordinal).ToList()
            : [];
        if (matched.Count == 0) throw new InvalidDataException($"{path}: no file matches");
        return matched;
    }

    /// <summary>A file: Parquet when it starts with PAR1, otherwise text (gzip told by its bytes).</summary>
    private static CdrSource FromFile(string path) =>
        File.Exists(path) && CallGraph.Parquet.ParquetCdrSource.IsParquet(path) ? CallGraph.Parquet.ParquetCdrSource.FromFile(path) : CdrSource.FromFile(path);

    /// <summary>Opens standard input as bytes.</summary>
    private static Stream StandardInput() => Console.OpenStandardInput();
}
