using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CallGraph.Ingest;

/// <summary>
/// Streams CDR files (CSV or TSV, gzip allowed) into sinks. The calling thread reads each input in order
/// and cuts it into chunks of whole lines; worker threads parse chunks into <see cref="Cdr"/> values,
/// each feeding its own sink; results are merged back in input order, so rejects, counts and errors are
/// the same for any thread count. Memory stays flat: the duplicate filter holds a window of start days (see
/// <see cref="CdrReaderOptions.DuplicateWindowDays"/>).
/// </summary>
/// <remarks>
/// A record is one physical line: quoted fields may hold delimiters and <c>""</c> escapes but not line
/// breaks. Line numbers count physical lines from 1, the header included.
/// </remarks>
public static class CdrReader
{
    /// <summary>Header of the reject file.</summary>
    public const string RejectHeader = "file,line,column,reason,raw";

    private const int FractionCheckMinRows = 10_000;
    private const int LongLineRawBytes = 256;

    /// <summary>
    /// Reads every source in order and passes each accepted CDR to a sink.
    /// </summary>
    /// <typeparam name="TSink">The sink type; a struct or sealed class keeps the per-row call cheap.</typeparam>
    /// <param name="sources">Inputs, read in this order.</param>
    /// <param name="createSink">Makes one sink per worker (called on the calling thread before reading).</param>
    /// <param name="options">Format, limits and threads.</param>
    /// <param name="rejects">Receives the reject CSV (<see cref="RejectHeader"/> then one row per reject, in input order), or null.</param>
    /// <param name="progress">Told about progress on the calling thread, or null.</param>
    /// <param name="cancellationToken">Stops the read with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The sinks in worker order and the report.</returns>
    /// <exception cref="DataException">An input is empty, binary, truncated or lacks a required column, or too many rows were rejected.</exception>
    /// <exception cref="FormatException">The time format is not a valid pattern.</exception>
    public static IngestResult<TSink> Read<TSink>(
        IReadOnlyList<CdrSource> sources,
        Func<TSink> createSink,
        CdrReaderOptions options,
        TextWriter? rejects = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TSink : ICdrSink
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(createSink);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.ChunkBytes < 16 || options.MaxLineBytes < 16) throw new ArgumentOutOfRangeException(nameof(options));
        var run = new Run<TSink>(sources, createSink, options, rejects, progress, cancellationToken);
        return run.Execute();
    }

    /// <summary>Checks a <see cref="CdrReaderOptions.TimeFormat"/> pattern without reading anything.</summary>
    /// <exception cref="FormatException">The pattern is not valid.</exception>
    public static void ValidateTimeFormat(string pattern) => CdrTimeFormat.Create(pattern);

    /// <summary>
    /// A rough count of the rows in <paramref name="sources"/> from their sizes, erring low (64 bytes a row,
    /// 32 compressed; a source of unknown size counts 2^20). For sizing tables that grow when it errs.
    /// </summary>
    internal static long EstimateRows(IReadOnlyList<CdrSource> sources)
    {
        long rows = 0;
        foreach (var s in sources) rows += s.Length is long len ? (s.Gzip ? len / 32 : len / 64) : 1 << 20;
        return rows;
    }

    /// <summary>The cell key the reader gives a cell id text: the first 8 bytes, big-endian, of the MD5 digest of the trimmed UTF-8 text; 0 when empty (docs/aggregation.md).</summary>
    public static ulong CellKey(ReadOnlySpan<char> cellId)
    {
        if (cellId.Length > 256) return CdrRowParser.CellKey(Encoding.UTF8.GetBytes(cellId.ToString()));
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(cellId.Length)];
        int n = Encoding.UTF8.GetBytes(cellId, bytes);
        return CdrRowParser.CellKey(bytes[..n]);
    }

    /// <summary>Writes one field of a CSV row, quoted when it holds a comma, quote, line break or edge space.</summary>
    internal static void WriteCsvField(TextWriter writer, string value)
    {
        value = Output.CsvText.Neutralise(value);
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        if (!quote) { writer.Write(value); return; }
        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>State of one call to <see cref="Read{TSink}"/>.</summary>
    private sealed class Run<TSink> where TSink : ICdrSink
    {
        private readonly IReadOnlyList<CdrSource> _sources;
        private readonly CdrReaderOptions _options;
        private readonly TextWriter? _rejects;
        private readonly IProgress<IngestProgress>? _progress;
        private readonly CancellationToken _ct;
        private readonly CdrTimeFormat _time;
        private readonly TSink[] _sinks;
        private readonly DuplicateWindow? _dedup;
        private readonly long? _totalBytes;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        private readonly Stack<Chunk> _pool = new();
        private readonly Queue<Chunk> _inFlight = new();
        private readonly int _maxInFlight;
        private BlockingCollection<Chunk>? _work;
        private Thread[]? _workers;
        private Worker? _inline;
        private long _nextSequence;
        private volatile bool _stopping;

        // Totals, merged in input order on the calling thread.
        private long _rowsRead, _accepted, _rejected, _duplicates, _unchecked, _outside, _bytes;
        private readonly long[] _byReason = new long[RejectReasons.Count];
        private long _minStart = long.MaxValue, _maxStart = long.MinValue;
        private PendingReject? _firstReject;
        private readonly FileTotals[] _perFile;
        private long _rawDoneBefore;  // raw bytes of the inputs already cut into chunks
        private int _currentIndex;
        private string _lastMergedName = "";

        /// <summary>Counts of one input, merged in order like the totals.</summary>
        private sealed class FileTotals
        {
            public long Rows, Accepted, Rejected, Duplicates, Outside, Bytes;
        }

        public Run(IReadOnlyList<CdrSource> sources, Func<TSink> createSink, CdrReaderOptions options,
            TextWriter? rejects, IProgress<IngestProgress>? progress, CancellationToken ct)
        {
            _sources = sources;
            _options = options;
            _rejects = rejects;
            _progress = progress;
            _ct = ct;
            _time = CdrTimeFormat.Create(options.TimeFormat);
            _perFile = new FileTotals[sources.Count];
            for (int i = 0; i < _perFile.Length; i++) _perFile[i] = new FileTotals();
            _sinks = new TSink[options.Threads];
            for (int i = 0; i < _sinks.Length; i++) _sinks[i] = createSink();
            long? total = 0;
            foreach (var s in sources) total = s.Length is long l && total is long t ? t + l : null;
            _totalBytes = total;
            _maxInFlight = options.Threads * 2 + 2;
            if (options.Deduplicate) _dedup = new DuplicateWindow(options.DuplicateWindowDays, _maxInFlight, EstimateRows(sources));
        }

        public IngestResult<TSink> Execute()
        {
            _rejects?.Write(RejectHeader + "\n");
            if (_options.Threads == 1) _inline = new Worker(NewParser());
            else StartWorkers();
            try
            {
                for (int i = 0; i < _sources.Count; i++)
                {
                    _ct.ThrowIfCancellationRequested();
                    ReadSource(i, _sources[i]);
                }
                while (_inFlight.Count > 0) MergeOldest();
            }
            finally
            {
                StopWorkers();
                _dedup?.Dispose(); // give the table back now: the caller finishes its aggregate next
                foreach (var chunk in _pool) chunk.Done.Dispose();
                foreach (var chunk in _inFlight) chunk.Done.Dispose();
            }
            if (_options.MaxRejects.IsExceeded(_rejected, _rowsRead)) ThrowTooManyRejects();

            var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
            for (int r = 0; r < _byReason.Length; r++)
                if (_byReason[r] > 0) byReason[((RejectReason)r).Name()] = _byReason[r];
            var files = new List<IngestFileReport>(_sources.Count);
            for (int i = 0; i < _sources.Count; i++)
            {
                var f = _perFile[i];
                files.Add(new IngestFileReport(_sources[i].Name, f.Rows, f.Accepted, f.Rejected, f.Duplicates, f.Outside, f.Bytes));
                _bytes += f.Bytes;
            }
            var report = new IngestReport(_rowsRead, _accepted, _rejected, _duplicates, _unchecked, _outside, byReason,
                _accepted > 0 ? _minStart : null, _accepted > 0 ? _maxStart : null, _bytes, files, _clock.Elapsed);
            return new IngestResult<TSink>(_sinks, report);
        }

        private CdrRowParser NewParser() => new(_time, _options.From, _options.To, _options.EarliestYear, _options.LatestYear, _options.Ids, _options.Subscribers);

        private void StartWorkers()
        {
            _work = new BlockingCollection<Chunk>();
            _workers = new Thread[_options.Threads];
            for (int w = 0; w < _workers.Length; w++)
            {
                int worker = w;
                _workers[w] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = $"cdr-reader-{w}" };
                _workers[w].Start();
            }
        }

        private void StopWorkers()
        {
            _stopping = true;
            _dedup?.Stop();
            if (_work is null) return;
            _work.CompleteAdding();
            foreach (var t in _workers!) t.Join();
            _work.Dispose();
        }

        private void WorkerLoop(int worker)
        {
            var state = new Worker(NewParser());
            foreach (var chunk in _work!.GetConsumingEnumerable())
            {
                try
                {
                    if (!_stopping) Process(state, chunk, ref _sinks[worker]);
                    else _dedup?.Publish(chunk.Sequence, long.MinValue);
                }
                catch (Exception ex)
                {
                    chunk.Error = ex;
                }
                finally
                {
                    chunk.Done.Set();
                }
            }
        }

        /// <summary>A worker's parser and scratch space (grown when a chunk needs more, never per chunk).</summary>
        private sealed class Worker(CdrRowParser parser)
        {
            public readonly CdrRowParser Parser = parser;
            public DuplicateFilter[] ChunkFilters = []; // the distinct day filters of the chunk
            public int[] GroupOfRow = [];               // filter slot * partitions + partition; -1 = not checked (late row)
            public int[] GroupStart = [];
            public int[] Deferred = [];                 // groups whose partition was busy
            public int[] RowOfSorted = [];              // row indices grouped by GroupOfRow, in input order within a group
            public ulong[] SortedFingerprints = [];
            public bool[] SortedAdded = [];
            public bool[] Keep = [];                    // per row: not a duplicate
        }

        /// <summary>Parses a chunk, drops duplicates and hands the rest to the sink.</summary>
        private void Process(Worker worker, Chunk chunk, ref TSink sink)
        {
            var parser = worker.Parser;
            bool published = false;
            try
            {
                parser.Parse(chunk);
                if (_dedup is { } window)
                {
                    chunk.WindowLatest = window.LatestOf(parser.Cdrs.AsSpan(0, parser.Count));
                    window.Publish(chunk.Sequence, chunk.WindowLatest);
                    published = true;
                }
            }
            finally
            {
                // Later chunks wait for this one's latest day: publish even when parsing failed.
                if (!published) _dedup?.Publish(chunk.Sequence, long.MinValue);
            }
            int count = parser.Count;
            var cdrs = parser.Cdrs;
            long accepted = 0;
            // A batch sink gets the chunk's accepted rows in one call (struct sinks never: see ICdrBatchSink).
            var batch = !typeof(TSink).IsValueType ? sink as ICdrBatchSink : null;
            if (_dedup is { } dedup)
            {
                var keep = CheckDuplicates(worker, dedup, chunk, cdrs.AsSpan(0, count), parser.Fingerprints);
                for (int i = 0; i < count; i++)
                {
                    if (!keep[i]) continue;
                    // For a batch sink, keep the accepted rows at the front of the array, in order.
                    if (batch is not null) cdrs[accepted] = cdrs[i];
                    else sink.Add(in cdrs[i]);
                    accepted++;
                }
            }
            else
            {
                if (batch is null)
                    for (int i = 0; i < count; i++) sink.Add(in cdrs[i]);
                accepted = count;
            }
            batch?.AddBatch(cdrs.AsSpan(0, (int)accepted));
            chunk.Accepted = accepted;
            chunk.Duplicates = count - accepted;
        }

        /// <summary>
        /// Checks the chunk's rows against their day filters and returns, per row, whether to keep it (late rows
        /// are kept unchecked and counted). Rows are grouped by (day filter, partition) with a counting sort, and
        /// each group is inserted under one lock of its partition; the sort is stable, so of two equal rows in a
        /// chunk the first is kept, as when rows were inserted one by one.
        /// </summary>
        private static bool[] CheckDuplicates(Worker worker, DuplicateWindow window, Chunk chunk, ReadOnlySpan<Cdr> cdrs, ulong[] fingerprints)
        {
            int n = cdrs.Length;
            var groupOfRow = ScratchArray.Ensure(ref worker.GroupOfRow, n);
            var keep = ScratchArray.Ensure(ref worker.Keep, n);
            var rowOf = ScratchArray.Ensure(ref worker.RowOfSorted, n);
            var sorted = ScratchArray.Ensure(ref worker.SortedFingerprints, n);
            ScratchArray.Ensure(ref worker.SortedAdded, n);
            int filterCount = GroupsOfRows(worker, window, chunk, cdrs, fingerprints);
            int groups = filterCount * DuplicateFilter.Partitions;
            var start = ScratchArray.Ensure(ref worker.GroupStart, groups + 1);
            var deferred = ScratchArray.Ensure(ref worker.Deferred, groups);

            // Counting sort: start[g + 1] counts group g, then prefix sums make start[g] its first position.
            Array.Clear(start, 0, groups + 1);
            for (int i = 0; i < n; i++)
            {
                int g = groupOfRow[i];
                if (g >= 0) start[g + 1]++;
                keep[i] = true;
            }
            for (int g = 0; g < groups; g++) start[g + 1] += start[g];
            for (int i = 0; i < n; i++)
            {
                int g = groupOfRow[i];
                if (g < 0) continue;
                int at = start[g]++;
                rowOf[at] = i;
                sorted[at] = fingerprints[i];
            }
            // The scatter moved each start[g] to the end of group g, which is where group g + 1 begins.
            for (int g = groups; g > 0; g--) start[g] = start[g - 1];
            start[0] = 0;

            // Insert each group under its partition's lock. A group whose partition another worker holds is
            // deferred and waited for after the others, so two workers on one day do not queue behind each other.
            int deferredCount = 0;
            for (int g = 0; g < groups; g++)
            {
                if (start[g + 1] == start[g]) continue;
                if (!InsertGroup(worker, g, wait: false)) deferred[deferredCount++] = g;
            }
            for (int d = 0; d < deferredCount; d++) InsertGroup(worker, deferred[d], wait: true);
            Array.Clear(worker.ChunkFilters, 0, filterCount); // let freed days go
            return keep;
        }

        /// <summary>Inserts group <paramref name="g"/> and records which of its rows were new; false (nothing done) when its partition is busy and <paramref name="wait"/> is false.</summary>
        private static bool InsertGroup(Worker worker, int g, bool wait)
        {
            const int P = DuplicateFilter.Partitions;
            int from = worker.GroupStart[g], length = worker.GroupStart[g + 1] - from;
            var filter = worker.ChunkFilters[g / P];
            var fingerprints = worker.SortedFingerprints.AsSpan(from, length);
            var added = worker.SortedAdded.AsSpan(from, length);
            if (wait) filter.AddBatch(g % P, fingerprints, added);
            else if (filter.TryAddBatch(g % P, fingerprints, added) is null) return false;
            var rowOf = worker.RowOfSorted;
            var keep = worker.Keep;
            for (int k = 0; k < length; k++) keep[rowOf[from + k]] = added[k];
            return true;
        }

        /// <summary>
        /// Gives each row its group (day filter slot * partitions + partition), or -1 for a row before the window;
        /// counts the latter; returns the number of distinct day filters in <see cref="Worker.ChunkFilters"/>.
        /// </summary>
        private static int GroupsOfRows(Worker worker, DuplicateWindow window, Chunk chunk, ReadOnlySpan<Cdr> cdrs, ulong[] fingerprints)
        {
            var groupOfRow = worker.GroupOfRow;
            long earliest = window.EarliestCheckedDay(chunk.Sequence);
            // Rows of a chunk nearly always share a day or two: while a row starts within the last row's day
            // [from, to], reuse its filter slot and verdict without working out the day again.
            long from = long.MaxValue, to = long.MinValue;
            int slot = -1, filterCount = 0;
            long unchecked_ = 0;
            for (int i = 0; i < cdrs.Length; i++)
            {
                long start = cdrs[i].StartSeconds;
                if (start < from || start > to)
                {
                    long day = window.DayOf(start);
                    (from, to) = window.SecondsOf(day);
                    slot = day < earliest ? -1 : SlotOf(worker, window.FilterOf(day), ref filterCount);
                }
                if (slot < 0)
                {
                    groupOfRow[i] = -1;
                    unchecked_++;
                }
                else groupOfRow[i] = slot * DuplicateFilter.Partitions + DuplicateFilter.PartitionOf(fingerprints[i]);
            }
            chunk.Unchecked = unchecked_;
            return filterCount;
        }

        /// <summary>The slot of a day filter among the chunk's distinct ones, added when new.</summary>
        private static int SlotOf(Worker worker, DuplicateFilter filter, ref int filterCount)
        {
            for (int s = 0; s < filterCount; s++)
                if (ReferenceEquals(worker.ChunkFilters[s], filter)) return s;
            ScratchArray.EnsureKeeping(ref worker.ChunkFilters, filterCount + 1, filterCount)[filterCount] = filter;
            return filterCount++;
        }

        private Chunk RentChunk(int minSize)
        {
            var chunk = _pool.Count > 0 ? _pool.Pop() : new Chunk(Math.Max(_options.ChunkBytes, 64));
            if (chunk.Buffer.Length < minSize) chunk.Buffer = new byte[Math.Max(minSize, chunk.Buffer.Length * 2)];
            return chunk;
        }

        private void ReadSource(int index, CdrSource source)
        {
            _currentIndex = index;
            long fileBytes = 0, rawBytes = 0;
            Stream raw;
            try
            {
                raw = source.Open();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new DataException(source.Name, 0, 0, $"cannot open: {ex.Message}", ex);
            }
            using (var counted = new CountingStream(raw))
            {
                // Gzip is told by its magic bytes, whatever the name; the bytes peeked are given back.
                var head = new byte[2];
                int peeked = 0;
                try
                {
                    while (peeked < head.Length && counted.Read(head, peeked, head.Length - peeked) is int n and > 0) peeked += n;
                }
                catch (IOException ex)
                {
                    throw new DataException(source.Name, 0, 0, $"read failed ({ex.Message})", ex);
                }
                bool gzip = peeked == 2 && head[0] == 0x1F && head[1] == 0x8B;
                counted.TrackGzipMembers = gzip;
                var bytes = new PrefixStream(head, peeked, counted);
                using var stream = gzip ? new GZipStream(bytes, CompressionMode.Decompress, leaveOpen: true) : (Stream)bytes;
                var reader = new ChunkCutter(this, source, counted, stream, gzip);
                fileBytes = reader.ReadAll();
                rawBytes = counted.BytesRead;
                // GZipStream ends quietly on a cut file; the trailers' size fields (mod 2^32) catch that: the last
                // trailer's, plus those before each later member of a concatenation.
                if (gzip && unchecked(counted.GzipTrailerSize + counted.EarlierMembersSize) != (uint)fileBytes)
                    throw new DataException(source.Name, 0, 0, counted.LaterMembers == 0
                        ? "corrupt or truncated gzip data (the size in the gzip trailer does not match the bytes decompressed)"
                        : $"corrupt or truncated gzip data (the sizes in the trailers of its {counted.LaterMembers + 1} gzip members do not add up to the bytes decompressed)");
            }
            // No need to wait for this input's chunks: they carry their file and merge into its totals.
            _perFile[index].Bytes = fileBytes;
            _rawDoneBefore += rawBytes;
        }

        /// <summary>Reads one input, finds its header and cuts the rest into chunks at line ends.</summary>
        private sealed class ChunkCutter(Run<TSink> run, CdrSource source, CountingStream raw, Stream stream, bool gzip)
        {
            private bool _eof;
            private long _bytes;

            private int Fill(byte[] buffer, int filled)
            {
                while (!_eof && filled < buffer.Length)
                {
                    int n;
                    try
                    {
                        n = stream.Read(buffer, filled, buffer.Length - filled);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new DataException(source.Name, 0, 0, $"corrupt or truncated gzip data ({ex.Message})", ex);
                    }
                    catch (IOException ex)
                    {
                        throw new DataException(source.Name, 0, 0, $"read failed ({ex.Message})", ex);
                    }
                    if (n == 0) _eof = true;
                    filled += n;
                    _bytes += n;
                }
                return filled;
            }

            private long RawPosition() => run._rawDoneBefore + raw.BytesRead;

            public long ReadAll()
            {
                var options = run._options;
                int maxLine = options.MaxLineBytes;
                var chunk = run.RentChunk(0);
                int filled = Fill(chunk.Buffer, 0);

                // Header: the first non-blank line, after an optional UTF-8 byte order mark.
                int start = filled >= 3 && chunk.Buffer[0] == 0xEF && chunk.Buffer[1] == 0xBB && chunk.Buffer[2] == 0xBF ? 3 : 0;
                long line = 1;
                CdrHeader? header = null;
                while (header is null)
                {
                    int newline = chunk.Buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    if (newline < 0 && !_eof)
                    {
                        if (filled - start > maxLine)
                            throw new DataException(source.Name, line, 0, $"not a CDR text file: no line break in the first {maxLine:N0} bytes");
                        if (filled == chunk.Buffer.Length) Array.Resize(ref chunk.Buffer, chunk.Buffer.Length * 2);
                        filled = Fill(chunk.Buffer, filled);
                        continue;
                    }
                    int end = newline < 0 ? filled : start + newline;
                    var text = chunk.Buffer.AsSpan(start, end - start);
                    if (!text.IsEmpty && text[^1] == '\r') text = text[..^1];
                    if (text.IndexOf((byte)'\r') >= 0)
                        throw new DataException(source.Name, line, 0, "lines end in a bare carriage return (CR): convert the file to LF or CRLF line ends");
                    bool endsInHeader = newline < 0;
                    start = newline < 0 ? filled : end + 1;
                    if (text.IsEmpty)
                    {
                        if (newline < 0) throw new DataException(source.Name, 0, 0, gzip ? "truncated gzip or empty file: no header line" : "empty file: no header line");
                        line++;
                        continue;
                    }
                    try
                    {
                        header = CdrHeader.Parse(text, options, source.Name, line);
                    }
                    catch (DataException) when (endsInHeader && gzip)
                    {
                        throw new DataException(source.Name, line, 0, "truncated gzip: the data ends inside the header line");
                    }
                    line++;
                }
                var file = new CdrFile(run._currentIndex, source.Name, header);
                // Drop the header bytes; the rest of the buffer begins the first chunk.
                Buffer.BlockCopy(chunk.Buffer, start, chunk.Buffer, 0, filled - start);
                filled -= start;

                while (true)
                {
                    filled = Fill(chunk.Buffer, filled);
                    if (filled == 0) break;
                    var data = chunk.Buffer.AsSpan(0, filled);
                    int cut = data.LastIndexOf((byte)'\n');
                    if (cut < 0 && !_eof)
                    {
                        // One line fills the buffer: grow up to the line limit, then reject the line.
                        if (chunk.Buffer.Length <= maxLine)
                        {
                            Array.Resize(ref chunk.Buffer, (int)Math.Min((long)maxLine + 1, chunk.Buffer.Length * 2L));
                            continue;
                        }
                        filled = SkipLongLine(chunk, file, line);
                        line++;
                        continue;
                    }
                    int length = cut < 0 ? filled : cut + 1;
                    int carry = filled - length;
                    var next = run.RentChunk(carry + 1);
                    Buffer.BlockCopy(chunk.Buffer, length, next.Buffer, 0, carry);
                    chunk.Reset(file, line);
                    chunk.Length = length;
                    chunk.RawPosition = RawPosition();
                    line += chunk.Buffer.AsSpan(0, length).Count((byte)'\n');
                    run.Dispatch(chunk);
                    chunk = next;
                    filled = carry;
                }
                run._pool.Push(chunk);
                return _bytes;
            }

            /// <summary>
            /// Rejects the over-long line at the start of the buffer and reads on to its end; returns how many
            /// bytes of the following lines are left at the start of the buffer.
            /// </summary>
            private int SkipLongLine(Chunk buffer, CdrFile file, long line)
            {
                var reject = run.RentChunk(0);
                reject.Reset(file, line);
                reject.RowsRead = 1;
                reject.Reject(line, 0, RejectReason.LineTooLong, buffer.Buffer.AsSpan(0, LongLineRawBytes));
                reject.RawPosition = RawPosition();
                reject.Sequence = run._nextSequence++;
                run._dedup?.Publish(reject.Sequence, long.MinValue);
                reject.Done.Set();
                run.Enqueue(reject);
                while (true)
                {
                    int filled = Fill(buffer.Buffer, 0);
                    if (filled == 0) return 0;
                    int newline = buffer.Buffer.AsSpan(0, filled).IndexOf((byte)'\n');
                    if (newline >= 0)
                    {
                        int rest = filled - newline - 1;
                        Buffer.BlockCopy(buffer.Buffer, newline + 1, buffer.Buffer, 0, rest);
                        return rest;
                    }
                }
            }
        }

        /// <summary>Sends a chunk to a worker (or parses it here with one thread), keeping order for the merge.</summary>
        private void Dispatch(Chunk chunk)
        {
            chunk.Sequence = _nextSequence++;
            if (_inline is not null)
            {
                _ct.ThrowIfCancellationRequested();
                Process(_inline, chunk, ref _sinks[0]);
                chunk.Done.Set();
                Enqueue(chunk);
                return;
            }
            Enqueue(chunk);
            _work!.Add(chunk);
        }

        private void Enqueue(Chunk chunk)
        {
            while (_inFlight.Count >= _maxInFlight) MergeOldest();
            _inFlight.Enqueue(chunk);
            // Merge whatever is already done so rejects and progress flow while reading.
            while (_inFlight.Count > 0 && _inFlight.Peek().Done.IsSet) MergeOldest();
        }

        private void MergeOldest()
        {
            var chunk = _inFlight.Dequeue();
            while (!chunk.Done.Wait(100))
                if (_ct.IsCancellationRequested) { _stopping = true; }
            if (chunk.Error is not null)
            {
                _pool.Push(chunk);
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(chunk.Error).Throw();
            }
            _ct.ThrowIfCancellationRequested();
            _rowsRead += chunk.RowsRead;
            _accepted += chunk.Accepted;
            _rejected += chunk.Rejected;
            _duplicates += chunk.Duplicates;
            _unchecked += chunk.Unchecked;
            _outside += chunk.OutsideWindow;
            var file = _perFile[chunk.File.Index];
            file.Rows += chunk.RowsRead;
            file.Accepted += chunk.Accepted;
            file.Rejected += chunk.Rejected;
            file.Duplicates += chunk.Duplicates;
            file.Outside += chunk.OutsideWindow;
            _lastMergedName = chunk.File.Name;
            for (int r = 0; r < _byReason.Length; r++) _byReason[r] += chunk.ByReason[r];
            if (chunk.Accepted > 0)
            {
                _minStart = Math.Min(_minStart, chunk.MinStart);
                _maxStart = Math.Max(_maxStart, chunk.MaxStart);
            }
            _dedup?.Merged(chunk.WindowLatest);
            foreach (var reject in chunk.Rejects)
            {
                _firstReject ??= reject;
                if (_rejects is { } w)
                {
                    WriteCsvField(w, reject.File);
                    w.Write(string.Create(CultureInfo.InvariantCulture, $",{reject.Line},{reject.Column},{reject.Reason.Name()},"));
                    WriteCsvField(w, _options.WriteRejectedText ? reject.Raw : CdrReaderOptions.WithheldText);
                    w.Write('\n');
                }
            }
            long rawDone = chunk.RawPosition;
            var progress = new IngestProgress(rawDone, _totalBytes, _rowsRead, chunk.File.Index, chunk.File.Name);
            _pool.Push(chunk);

            var limit = _options.MaxRejects;
            if (limit.Count is not null || _rowsRead >= FractionCheckMinRows)
                if (limit.IsExceeded(_rejected, _rowsRead)) ThrowTooManyRejects();
            _progress?.Report(progress);
        }

        private void ThrowTooManyRejects()
        {
            var first = _firstReject!.Value;
            string firstText = string.Create(CultureInfo.InvariantCulture, $"{first.File}:{first.Line}:{first.Column} {first.Reason.Name()}");
            string reason = string.Create(CultureInfo.InvariantCulture,
                $"rejected {_rejected:N0} of {_rowsRead:N0} rows, more than --max-rejects {_options.MaxRejects}; first: {firstText}");
            throw new DataException(_lastMergedName, 0, 0, reason);
        }
    }
}
