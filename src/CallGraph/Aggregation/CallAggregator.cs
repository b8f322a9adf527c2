using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Aggregation;

/// <summary>
/// Folds a stream of CDRs into per-(member, other party) traffic, in one pass, on any number of threads.
/// Each reader worker gets its own <see cref="ICdrSink"/> from <see cref="CreateSink"/>; sinks buffer
/// updates and apply them in batches to the partition that owns the member entry, so the aggregate is
/// kept once (not once per thread) and memory grows with distinct pairs, not with CDRs.
/// </summary>
public sealed unsafe class CallAggregator
{
    /// <summary>Bins of the time profile: 24 weekday hours, then 24 weekend hours.</summary>
    public const int ProfileBins = 48;

    internal const int PartitionCount = 16;
    private const int BatchSize = 2048;

    private readonly Roster _roster;
    private readonly NumberPlan? _plan;
    private readonly AggregationOptions _options;
    private readonly BlockArena? _arena = BlockArena.TryCreate(); // the records of every partition's tables
    private readonly Partition[] _partitions;

    // Partition p owns the entries [p·N/16, (p+1)·N/16): a contiguous range, so Complete lays each table out
    // in its own stretch of the gathered array and can free the table as it goes; memory then peaks near one
    // copy of the pairs, not two. Entry e's partition is (e · _partitionScale) >> 32.
    private readonly ulong _partitionScale;
    // Time profiles of every entry, counted in native memory on huge pages (increments land at random), and
    // copied into the aggregate's array by Complete.
    private int* _profile;
    private readonly NativeMemoryHandle _profileMemory;
    private readonly List<Sink> _sinks = new();
    private bool _completed;

    /// <summary>
    /// Creates an aggregator for the members of <paramref name="roster"/>. With a <paramref name="plan"/>,
    /// a CDR's cell is credited to the party it belongs to — the caller when the caller is on the home
    /// network (which records the call), else the callee; without one, to the caller when it is a member.
    /// </summary>
    public CallAggregator(Roster roster, AggregationOptions? options = null, NumberPlan? plan = null)
    {
        _roster = roster ?? throw new ArgumentNullException(nameof(roster));
        _plan = plan;
        _options = options ?? new AggregationOptions();
        _partitions = new Partition[PartitionCount];
        _partitionScale = PartitionScale(roster.EntryCount);
        long expected = _options.ExpectedPairs ?? (long)roster.EntryCount * 8;
        int perPartition = (int)Math.Clamp(expected / PartitionCount, 64, 1 << 26);
        for (int i = 0; i < PartitionCount; i++) _partitions[i] = new Partition(perPartition, _arena);
        // An aggregator dropped without Complete (a failed read) still frees its profiles: the handle's finalizer does.
        _profileMemory = new NativeMemoryHandle((nuint)Math.Max(1, roster.EntryCount * ProfileBins) * sizeof(int), hugePages: true);
        _profile = (int*)_profileMemory.Pointer;
    }

    /// <summary>
    /// A guess at the distinct pairs a dump holds, for <see cref="AggregationOptions.ExpectedPairs"/>: about one
    /// pair per six rows by the sources' sizes (a month of generated traffic has one per seven), and at most
    /// 64 per roster entry.
    /// </summary>
    public static long EstimatePairs(IReadOnlyList<CdrSource> sources, Roster roster)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(roster);
        return Math.Min(CdrReader.EstimateRows(sources) / 6, (long)roster.EntryCount * 64);
    }

    /// <summary>The multiplier of <see cref="PartitionOf"/> for a roster of <paramref name="entryCount"/> entries.</summary>
    internal static ulong PartitionScale(int entryCount)
    {
        // Rounded down, so that even the last entry of a huge roster stays below PartitionCount.
        return (1UL << 32) * PartitionCount / (ulong)Math.Max(1, entryCount);
    }

    /// <summary>The partition owning <paramref name="entry"/>: about entry · 16 / entryCount, rounded down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PartitionOf(int entry, ulong scale) => (int)(((ulong)(uint)entry * scale) >> 32);

    /// <summary>The first entry of every partition, then the entry count: partition p owns [bounds[p], bounds[p+1]).</summary>
    internal static int[] PartitionBounds(int entryCount, ulong scale)
    {
        var bounds = new int[PartitionCount + 1];
        for (int p = 0, e = 0; p <= PartitionCount; p++)
        {
            while (e < entryCount && PartitionOf(e, scale) < p) e++;
            bounds[p] = e;
        }
        return bounds;
    }

    /// <summary>A sink for one worker thread. Thread-safe to call; each sink must be used by one thread.</summary>
    public ICdrSink CreateSink()
    {
        if (_completed) throw new InvalidOperationException("The aggregator is already completed.");
        var sink = new Sink(this);
        lock (_sinks) _sinks.Add(sink);
        return sink;
    }

    /// <summary>Flushes every sink and returns the finished aggregate. Call once, after reading ends.</summary>
    public CallAggregate Complete()
    {
        if (_completed) throw new InvalidOperationException("Complete was already called.");
        _completed = true;
        long seen = 0, touching = 0;
        foreach (var sink in _sinks)
        {
            sink.Flush();
            seen += sink.CdrsSeen;
            touching += sink.CdrsTouchingMembers;
        }
        try
        {
            var profile = new ReadOnlySpan<int>(_profile, _roster.EntryCount * ProfileBins).ToArray();
            return CallAggregate.Build(_roster, _partitions.Select(p => p.Pairs).ToArray(), _partitions.Select(p => p.Cells).ToArray(),
                PartitionBounds(_roster.EntryCount, _partitionScale), profile, seen, touching);
        }
        finally
        {
            _arena?.Dispose(); // Build has copied and released every table
            _profile = null;
            _profileMemory.Dispose();
        }
    }

    private sealed class Partition(int capacity, BlockArena? arena)
    {
        /// <summary>1 while a sink applies a batch. A bare flag: the holder never blocks, and most takes are uncontended.</summary>
        public int Busy;
        public readonly EntryKeyedTable<PairStats> Pairs = new(capacity, arena);
        public readonly EntryKeyedTable<CellCount> Cells = new(Math.Max(64, capacity / 8), arena);
    }

    private struct Update
    {
        public ulong Other;
        public ulong Cell;      // 0 unless the cell is the member's own
        public int Entry;
        public uint Start;
        public int Duration;
        public uint Hash;       // EntryKeyedTable hash of (Entry, Other), computed outside the lock
        public byte Flags;
        public byte Bin;
    }

    private const byte FlagOut = 1, FlagSms = 2, FlagWork = 4;

    // A full buffer first tries to take its partition; while another sink holds it, it keeps filling up to
    // twice the batch, and only then waits.
    private const int BufferSize = BatchSize * 2;

    // Prefetch distances of the pipelined apply: slots this far ahead, records (whose slot has landed) half as far.
    private const int SlotAhead = 16, ItemAhead = 8;

    // Prefetch distance of the roster lookups in a batch, in rows.
    private const int RosterAhead = 8;

    private sealed class Sink : ICdrBatchSink
    {
        private readonly CallAggregator _owner;
        private readonly Roster _roster;
        private readonly NumberPlan? _plan;
        private readonly int _workStart, _workEnd;
        private readonly ulong _partitionScale;
        private readonly Update[][] _buffers = new Update[PartitionCount][];
        private readonly int[] _counts = new int[PartitionCount];

        public long CdrsSeen;
        public long CdrsTouchingMembers;

        public Sink(CallAggregator owner)
        {
            _owner = owner;
            _roster = owner._roster;
            _plan = owner._plan;
            _workStart = owner._options.WorkdayStartHour;
            _workEnd = owner._options.WorkdayEndHour;
            _partitionScale = owner._partitionScale;
            for (int i = 0; i < PartitionCount; i++) _buffers[i] = new Update[BufferSize];
        }

        public void AddBatch(ReadOnlySpan<Cdr> cdrs)
        {
            // Most lookups miss and are answered by the roster's presence filter: fetch its words a few rows ahead.
            int n = cdrs.Length;
            for (int i = 0; i < Math.Min(RosterAhead, n); i++) PrefetchRoster(in cdrs[i]);
            for (int i = 0; i < n; i++)
            {
                if (i + RosterAhead < n) PrefetchRoster(in cdrs[i + RosterAhead]);
                Add(in cdrs[i]);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void PrefetchRoster(in Cdr cdr)
        {
            _roster.PrefetchNumber(cdr.Caller);
            _roster.PrefetchNumber(cdr.Callee);
        }

        public void Add(in Cdr cdr)
        {
            CdrsSeen++;
            int callerEntry = _roster.FirstEntryOf(cdr.Caller);
            int calleeEntry = _roster.FirstEntryOf(cdr.Callee);
            if ((callerEntry & calleeEntry) < 0) return; // neither side is on a roster
            CdrsTouchingMembers++;

            long start = cdr.StartSeconds;
            byte flags = cdr.Type == CdrType.Sms ? FlagSms : (byte)0;
            int dow = CdrClock.DayOfWeek(start);
            int hour = CdrClock.HourOfDay(start);
            if (dow < 5 && hour >= _workStart && hour < _workEnd) flags |= FlagWork;
            byte bin = (byte)((dow >= 5 ? 24 : 0) + hour);
            uint start32 = (uint)Math.Clamp(start, 0, uint.MaxValue);
            int duration = cdr.Type == CdrType.Sms ? 0 : cdr.DurationSeconds;

            // The cell of a CDR is the caller's when the caller is on the recording network, else the callee's.
            for (int e = callerEntry; e >= 0; e = _roster.NextEntryOfSameNumber(e))
                Push(e, cdr.Callee.Key, cdr.CellKey, start32, duration, (byte)(flags | FlagOut), bin);
            if (calleeEntry >= 0)
            {
                ulong calleeCell = callerEntry < 0 && (_plan is null || !_plan.IsHomeNetwork(cdr.Caller)) ? cdr.CellKey : 0;
                for (int e = calleeEntry; e >= 0; e = _roster.NextEntryOfSameNumber(e))
                    Push(e, cdr.Caller.Key, calleeCell, start32, duration, flags, bin);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Push(int entry, ulong other, ulong cell, uint start, int duration, byte flags, byte bin)
        {
            int p = PartitionOf(entry, _partitionScale);
            int n = _counts[p];
            ref Update u = ref _buffers[p][n];
            u.Entry = entry;
            u.Other = other;
            u.Cell = cell;
            u.Start = start;
            u.Duration = duration;
            u.Hash = EntryKeyedTable<PairStats>.Hash(entry, other);
            u.Flags = flags;
            u.Bin = bin;
            _counts[p] = ++n;
            if (n >= BatchSize) Offer(p, n);
        }

        private void Offer(int p, int n)
        {
            var partition = _owner._partitions[p];
            if (Interlocked.CompareExchange(ref partition.Busy, 1, 0) != 0)
            {
                if (n < BufferSize) return; // busy: keep buffering
                Take(partition);
            }
            try
            {
                Apply(p);
            }
            finally
            {
                Volatile.Write(ref partition.Busy, 0);
            }
        }

        private static void Take(Partition partition)
        {
            var spin = new SpinWait();
            while (Interlocked.CompareExchange(ref partition.Busy, 1, 0) != 0) spin.SpinOnce();
        }

        public void Flush()
        {
            for (int p = 0; p < PartitionCount; p++)
            {
                if (_counts[p] == 0) continue;
                var partition = _owner._partitions[p];
                Take(partition);
                try
                {
                    Apply(p);
                }
                finally
                {
                    Volatile.Write(ref partition.Busy, 0);
                }
            }
        }

        /// <summary>
        /// Applies partition <paramref name="p"/>'s buffered updates; the caller holds the partition. The tables are
        /// far larger than cache, so the loop is pipelined: it prefetches the slots of updates
        /// <see cref="SlotAhead"/> ahead and the records (and profile rows) of updates <see cref="ItemAhead"/>
        /// ahead, so the misses overlap instead of being paid one after another.
        /// </summary>
        private void Apply(int p)
        {
            var partition = _owner._partitions[p];
            var pairs = partition.Pairs;
            var cells = partition.Cells;
            var updates = _buffers[p].AsSpan(0, _counts[p]);
            int* profile = _owner._profile;
            int n = updates.Length;
            for (int i = 0; i < Math.Min(SlotAhead, n); i++) PrefetchSlots(pairs, cells, in updates[i]);
            for (int i = 0; i < Math.Min(ItemAhead, n); i++) PrefetchItems(pairs, cells, profile, in updates[i]);
            for (int i = 0; i < n; i++)
            {
                if (i + SlotAhead < n) PrefetchSlots(pairs, cells, in updates[i + SlotAhead]);
                if (i + ItemAhead < n) PrefetchItems(pairs, cells, profile, in updates[i + ItemAhead]);
                ref readonly Update u = ref updates[i];
                ref PairStats s = ref pairs.FindOrAdd(u.Entry, u.Other, u.Hash);
                bool work = (u.Flags & FlagWork) != 0;
                if ((u.Flags & FlagSms) != 0)
                {
                    if ((u.Flags & FlagOut) != 0) s.OutSms++; else s.InSms++;
                }
                else
                {
                    if ((u.Flags & FlagOut) != 0) s.OutCalls++; else s.InCalls++;
                    s.Seconds += u.Duration;
                }
                if (work) s.WorkHourEvents++;
                if (u.Start < s.First) s.First = u.Start;
                if (u.Start > s.Last) s.Last = u.Start;
                profile[u.Entry * ProfileBins + u.Bin]++;
                if (u.Cell != 0)
                {
                    s.CellBits |= 1u << (int)(u.Cell & 31);
                    ref CellCount c = ref cells.FindOrAdd(u.Entry, u.Cell);
                    c.Events++;
                    if (work) c.WorkHourEvents++;
                }
            }
            _counts[p] = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void PrefetchSlots(EntryKeyedTable<PairStats> pairs, EntryKeyedTable<CellCount> cells, in Update u)
        {
            pairs.PrefetchSlot(u.Hash);
            if (u.Cell != 0) cells.PrefetchSlot(EntryKeyedTable<CellCount>.Hash(u.Entry, u.Cell));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void PrefetchItems(EntryKeyedTable<PairStats> pairs, EntryKeyedTable<CellCount> cells, int* profile, in Update u)
        {
            pairs.PrefetchItem(u.Hash);
            if (u.Cell != 0) cells.PrefetchItem(EntryKeyedTable<CellCount>.Hash(u.Entry, u.Cell));
            if (Sse.IsSupported)
                Sse.Prefetch0(profile + u.Entry * ProfileBins + u.Bin);
        }
    }
}
