using System.Runtime.CompilerServices;
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
public sealed class CallAggregator
{
    /// <summary>Bins of the time profile: 24 weekday hours, then 24 weekend hours.</summary>
    public const int ProfileBins = 48;

    private const int PartitionCount = 16;
    private const int BatchSize = 2048;

    private readonly Roster _roster;
    private readonly NumberPlan? _plan;
    private readonly AggregationOptions _options;
    private readonly Partition[] _partitions;
    private readonly int[] _profile;
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
        int perPartition = Math.Max(64, roster.EntryCount / PartitionCount * 8);
        for (int i = 0; i < PartitionCount; i++) _partitions[i] = new Partition(perPartition);
        _profile = new int[roster.EntryCount * ProfileBins];
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
        return CallAggregate.Build(_roster, _partitions.Select(p => p.Pairs).ToArray(), _partitions.Select(p => p.Cells).ToArray(), _profile, seen, touching);
    }

    private sealed class Partition(int capacity)
    {
        public readonly object Gate = new();
        public readonly EntryKeyedTable<PairStats> Pairs = new(capacity);
        public readonly EntryKeyedTable<CellCount> Cells = new(Math.Max(64, capacity / 8));
    }

    private struct Update
    {
        public ulong Other;
        public ulong Cell;      // 0 unless the cell is the member's own
        public int Entry;
        public uint Start;
        public int Duration;
        public byte Flags;
        public byte Bin;
    }

    private const byte FlagOut = 1, FlagSms = 2, FlagWork = 4;

    private sealed class Sink : ICdrSink
    {
        private readonly CallAggregator _owner;
        private readonly Roster _roster;
        private readonly Update[][] _buffers = new Update[PartitionCount][];
        private readonly int[] _counts = new int[PartitionCount];

        public long CdrsSeen;
        public long CdrsTouchingMembers;

        public Sink(CallAggregator owner)
        {
            _owner = owner;
            _roster = owner._roster;
            for (int i = 0; i < PartitionCount; i++) _buffers[i] = new Update[BatchSize];
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
            if (dow < 5 && hour >= _owner._options.WorkdayStartHour && hour < _owner._options.WorkdayEndHour) flags |= FlagWork;
            byte bin = (byte)((dow >= 5 ? 24 : 0) + hour);
            uint start32 = (uint)Math.Clamp(start, 0, uint.MaxValue);
            int duration = cdr.Type == CdrType.Sms ? 0 : cdr.DurationSeconds;

            // The cell of a CDR is the caller's when the caller is on the recording network, else the callee's.
            for (int e = callerEntry; e >= 0; e = _roster.NextEntryOfSameNumber(e))
                Push(e, cdr.Callee.Key, cdr.CellKey, start32, duration, (byte)(flags | FlagOut), bin);
            ulong calleeCell = callerEntry < 0 && (_owner._plan is null || !_owner._plan.IsHomeNetwork(cdr.Caller)) ? cdr.CellKey : 0;
            for (int e = calleeEntry; e >= 0; e = _roster.NextEntryOfSameNumber(e))
                Push(e, cdr.Caller.Key, calleeCell, start32, duration, flags, bin);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Push(int entry, ulong other, ulong cell, uint start, int duration, byte flags, byte bin)
        {
            int p = entry & (PartitionCount - 1);
            ref Update u = ref _buffers[p][_counts[p]];
            u.Entry = entry;
            u.Other = other;
            u.Cell = cell;
            u.Start = start;
            u.Duration = duration;
            u.Flags = flags;
            u.Bin = bin;
            if (++_counts[p] == BatchSize) Apply(p);
        }

        public void Flush()
        {
            for (int p = 0; p < PartitionCount; p++)
                if (_counts[p] > 0) Apply(p);
        }

        private void Apply(int p)
        {
            var partition = _owner._partitions[p];
            var updates = _buffers[p].AsSpan(0, _counts[p]);
            int[] profile = _owner._profile;
            lock (partition.Gate)
            {
                foreach (ref readonly Update u in updates)
                {
                    ref PairStats s = ref partition.Pairs.FindOrAdd(u.Entry, u.Other);
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
                        ref CellCount c = ref partition.Cells.FindOrAdd(u.Entry, u.Cell);
                        c.Events++;
                        if (work) c.WorkHourEvents++;
                    }
                }
            }
            _counts[p] = 0;
        }
    }
}
