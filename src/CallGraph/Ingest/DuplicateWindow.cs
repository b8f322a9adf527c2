namespace CallGraph.Ingest;

/// <summary>
/// Exact duplicate detection whose memory is bounded by a window of start days instead of growing with the
/// whole dump. Two copies of a CDR share its start time, so fingerprints are kept in one
/// <see cref="DuplicateFilter"/> per start day. A row is checked when its day is at most
/// <c>windowDays</c> before the latest day of the rows that come before its chunk in input order; older
/// ("late") rows are accepted unchecked and counted. A day's filter is freed once the chunks merged so far
/// reach past its window, since no later row can be checked against it any more.
/// </summary>
/// <remarks>
/// Everything that decides whether a row is checked depends only on the input order, never on which worker
/// ran first, so results are the same for any thread count: a worker publishes its chunk's latest day once
/// parsed, then waits until every earlier chunk has published before it probes (<see cref="EarliestCheckedDay"/>).
/// The window of a dump written in day order (as mediation systems write them) holds two or three days of
/// fingerprints; <c>windowDays = null</c> keeps one filter for the whole input, exact for any order.
/// </remarks>
internal sealed class DuplicateWindow : IDisposable
{
    /// <summary>Day key of every row when the window is unbounded.</summary>
    private const long WholeInput = 0;

    private const long NoDay = long.MinValue;

    private readonly int? _windowDays;
    private readonly object _gate = new(); // a monitor: workers wait on it for earlier chunks
    private readonly Dictionary<long, DuplicateFilter> _filters = new();
    private long _nextFilterSize;
    private DuplicateFilter.SpareBlock _spare; // the block of a retired day, cleared, for the next day

    // Latest day of each chunk, by sequence number, in a ring at least as long as the chunks in flight.
    private readonly long[] _chunkLatest;
    private readonly long[] _latestBefore;
    private readonly long[] _publishedSequence;
    private long _folded;               // chunks 0.._folded-1 are folded into _foldedLatest
    private long _foldedLatest = NoDay;
    private long _mergedLatest = NoDay; // latest day of the chunks merged (finished) so far
    private bool _stopped;

    /// <summary>Creates the window. <paramref name="expectedRows"/> sizes the first filter when the window is unbounded.</summary>
    public DuplicateWindow(int? windowDays, int maxChunksInFlight, long expectedRows)
    {
        if (windowDays < 0) throw new ArgumentOutOfRangeException(nameof(windowDays));
        _windowDays = windowDays;
        int ring = Math.Max(4, maxChunksInFlight * 2);
        _chunkLatest = new long[ring];
        _latestBefore = new long[ring];
        _publishedSequence = new long[ring];
        Array.Fill(_publishedSequence, -1);
        // A bounded window learns a day's size from the first days; it starts at half a million rows, so that
        // the first days of a 10M-row month (about 330k rows a day) do not grow their tables in fresh 4 KiB pages.
        _nextFilterSize = windowDays is null ? expectedRows : Math.Min(1 << 19, expectedRows);
    }

    /// <summary>
    /// The latest start of a chunk's rows that the window may move to: the latest start on a day holding at least
    /// 1/64 of the rows (and at least 2), so one row with a wrong clock (years ahead) does not push the window past
    /// every later row and switch duplicate detection off; the plain latest start when no day holds that many
    /// (a chunk of a few rows). <see cref="long.MinValue"/> for no rows. Depends only on the chunk's rows, so on the
    /// input, never on the thread count.
    /// </summary>
    public long LatestOf(ReadOnlySpan<Cdr> cdrs)
    {
        if (cdrs.IsEmpty) return long.MinValue;
        long max = long.MinValue;
        if (_windowDays is null)
        {
            foreach (ref readonly var c in cdrs) max = Math.Max(max, c.StartSeconds);
            return max;
        }
        // Rows of a chunk nearly always fall on one or two days: count per day over the runs of one day.
        Span<long> days = stackalloc long[16];
        Span<int> counts = stackalloc int[16];
        Span<long> latest = stackalloc long[16];
        int distinct = 0;
        long from = long.MaxValue, to = long.MinValue;
        int slot = -1;
        for (int r = 0; r < cdrs.Length; r++)
        {
            long start = cdrs[r].StartSeconds;
            max = Math.Max(max, start);
            if (start < from || start > to)
            {
                long day = DayOf(start);
                (from, to) = SecondsOf(day);
                slot = days[..distinct].IndexOf(day);
                if (slot < 0)
                {
                    if (distinct == days.Length)
                    {
                        // Rows spread over many days: no outlier to single out.
                        foreach (ref readonly var rest in cdrs[r..]) max = Math.Max(max, rest.StartSeconds);
                        return max;
                    }
                    slot = distinct++;
                    days[slot] = day;
                    counts[slot] = 0;
                    latest[slot] = long.MinValue;
                }
            }
            counts[slot]++;
            latest[slot] = Math.Max(latest[slot], start);
        }
        int needed = Math.Max(2, cdrs.Length / 64);
        long robust = long.MinValue;
        for (int i = 0; i < distinct; i++)
            if (counts[i] >= needed) robust = Math.Max(robust, latest[i]);
        return robust == long.MinValue ? max : robust;
    }

    /// <summary>Filters alive now (for tests).</summary>
    internal int LiveFilters { get { lock (_gate) return _filters.Count; } }

    /// <summary>The day key a row's start time belongs to.</summary>
    public long DayOf(long startSeconds)
    {
        if (_windowDays is null) return WholeInput;
        var (day, rest) = Math.DivRem(startSeconds, 86_400);
        return rest < 0 ? day - 1 : day;
    }

    /// <summary>The first and last start second of day key <paramref name="day"/> (every second when the window is unbounded).</summary>
    public (long First, long Last) SecondsOf(long day) =>
        _windowDays is null ? (long.MinValue, long.MaxValue) : (day * 86_400, day * 86_400 + 86_399);

    /// <summary>
    /// Records the latest start of chunk <paramref name="sequence"/> (<see cref="long.MinValue"/> when it holds
    /// no row to check). Every chunk must publish exactly once, failed ones included, or later chunks wait forever.
    /// </summary>
    public void Publish(long sequence, long latestStartSeconds)
    {
        lock (_gate)
        {
            int slot = (int)(sequence % _chunkLatest.Length);
            _chunkLatest[slot] = latestStartSeconds == long.MinValue ? NoDay : DayOf(latestStartSeconds);
            _publishedSequence[slot] = sequence;
            bool advanced = false;
            while (true)
            {
                int next = (int)(_folded % _chunkLatest.Length);
                if (_publishedSequence[next] != _folded) break;
                _latestBefore[next] = _foldedLatest;
                _foldedLatest = Math.Max(_foldedLatest, _chunkLatest[next]);
                _folded++;
                advanced = true;
            }
            if (advanced) Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits until every chunk before <paramref name="sequence"/> has published, and returns the earliest day
    /// a row of that chunk may have and still be checked (<see cref="long.MinValue"/>: every day).
    /// </summary>
    /// <exception cref="OperationCanceledException">The read is stopping.</exception>
    public long EarliestCheckedDay(long sequence)
    {
        lock (_gate)
        {
            while (_folded <= sequence)
            {
                if (_stopped) throw new OperationCanceledException("the read is stopping");
                Monitor.Wait(_gate);
            }
            long before = _latestBefore[(int)(sequence % _chunkLatest.Length)];
            return WindowStart(before);
        }
    }

    private long WindowStart(long latest) =>
        _windowDays is int w && latest != NoDay ? latest - w : long.MinValue;

    /// <summary>The filter of day <paramref name="day"/>, created when absent.</summary>
    public DuplicateFilter FilterOf(long day)
    {
        lock (_gate)
        {
            if (!_filters.TryGetValue(day, out var filter))
            {
                filter = new DuplicateFilter(_nextFilterSize, ref _spare);
                _filters.Add(day, filter);
            }
            return filter;
        }
    }

    /// <summary>
    /// Called on the merging thread after a chunk is finished, in input order: frees the filters of days that
    /// no later row can be checked against (those before the window of the latest day merged so far).
    /// </summary>
    public void Merged(long latestStartSeconds)
    {
        if (_windowDays is null || latestStartSeconds == long.MinValue) return;
        long day = DayOf(latestStartSeconds);
        if (day <= _mergedLatest) return;
        _mergedLatest = day;
        long earliest = WindowStart(day);
        List<DuplicateFilter>? retired = null;
        lock (_gate)
        {
            foreach (var (d, filter) in _filters)
            {
                if (d >= earliest) continue;
                (retired ??= []).Add(filter);
                // The next day's filter starts at the size a whole day needed, so it seldom grows.
                _nextFilterSize = Math.Max(_nextFilterSize, filter.Count);
                _filters.Remove(d); // removing while enumerating is allowed for Dictionary
            }
            if (retired is null) return;
        }
        // Keep the largest retired block for the next day: reusing memory the process holds is far cheaper than
        // new pages. Clearing it happens here, on the merging thread, not on a worker.
        foreach (var filter in retired)
        {
            var block = filter.Retire();
            lock (_gate)
            {
                if (block.Bytes > _spare.Bytes) (_spare, block) = (block, _spare);
            }
            block.Release();
        }
    }

    /// <summary>Wakes and fails every waiting worker: the read is stopping.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Frees every filter. Only when no thread uses the window any more.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var filter in _filters.Values) filter.Dispose();
            _filters.Clear();
            _spare.Release();
            _spare = default;
        }
    }
}
