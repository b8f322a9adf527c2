using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Aggregation;

/// <summary>
/// Builds a <see cref="CallAggregate"/> from aggregate rows keyed by member number — what an
/// <see cref="IAggregationEngine"/> receives from a database, or a partial aggregate file holds. Rows may come in
/// any order and a row may come more than once (one per shard or per day): they combine exactly as
/// <see cref="CallAggregate.Merge"/> does, so the built aggregate equals the one the in-process reader makes from
/// the same CDRs. A member number on several roster lines gets its rows on every line, as the reader does.
/// </summary>
public sealed class CallAggregateBuilder
{
    private readonly Roster _roster;
    private readonly List<PairStats> _pairs = new();
    private readonly List<CellCount> _cells = new();
    private readonly List<PairStats> _cellBits = new(); // Entry, Other and CellBits only
    private readonly int[] _profile;
    private long _seen, _touching;
    private bool _built;

    /// <summary>A builder for the entries of <paramref name="roster"/>.</summary>
    public CallAggregateBuilder(Roster roster)
    {
        _roster = roster ?? throw new ArgumentNullException(nameof(roster));
        _profile = new int[roster.EntryCount * CallAggregator.ProfileBins];
    }

    /// <summary>Rows whose member number is on no roster line; they are left out (a shard made with another roster).</summary>
    public long UnknownMemberRows { get; private set; }

    /// <summary>
    /// Adds the traffic between <paramref name="member"/> and the other party <paramref name="stats"/>.<see cref="PairStats.Other"/>
    /// (its <see cref="PairStats.Entry"/> is ignored). <see cref="PairStats.First"/> must not exceed <see cref="PairStats.Last"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A count is negative, the pair has no events, or first is after last.</exception>
    public void AddPair(PhoneNumber member, PairStats stats)
    {
        if (stats.OutCalls < 0 || stats.InCalls < 0 || stats.OutSms < 0 || stats.InSms < 0 || stats.WorkHourEvents < 0 || stats.Seconds < 0)
            throw new ArgumentException("pair counts cannot be negative", nameof(stats));
        if (stats.Events == 0) throw new ArgumentException("a pair row must hold at least one event", nameof(stats));
        if (stats.WorkHourEvents > stats.Events) throw new ArgumentException("a pair cannot have more working-hour events than events", nameof(stats));
        if (stats.First > stats.Last) throw new ArgumentException("a pair's first event cannot come after its last", nameof(stats));
        int first = Entry(member);
        for (int e = first; e >= 0; e = _roster.NextEntryOfSameNumber(e))
        {
            stats.Entry = e;
            _pairs.Add(stats);
        }
    }

    /// <summary>
    /// ORs <paramref name="cellBits"/> into the cell sketch of the pair of <paramref name="member"/> and
    /// <paramref name="other"/> (see <see cref="PairStats.CellBits"/>), for an engine that learns a cell's owner only
    /// after it has passed the pair on. The pair itself comes through <see cref="AddPair"/>, before or after; bits for a
    /// pair that never comes are dropped.
    /// </summary>
    public void AddCellBits(PhoneNumber member, ulong other, uint cellBits)
    {
        if (cellBits == 0) return;
        for (int e = Entry(member); e >= 0; e = _roster.NextEntryOfSameNumber(e))
            _cellBits.Add(new PairStats { Entry = e, Other = other, CellBits = cellBits });
    }

    /// <summary>Adds <paramref name="events"/> of the member's own events served by <paramref name="cell"/> (a cell key, not 0).</summary>
    /// <exception cref="ArgumentException">The key is 0, a count is negative, or there are more working-hour events than events.</exception>
    public void AddCell(PhoneNumber member, ulong cell, int events, int workHourEvents)
    {
        if (cell == 0) throw new ArgumentException("cell key 0 means no cell", nameof(cell));
        if (events < 0 || workHourEvents < 0 || workHourEvents > events) throw new ArgumentException("cell counts must satisfy 0 <= working-hour events <= events", nameof(events));
        for (int e = Entry(member); e >= 0; e = _roster.NextEntryOfSameNumber(e))
            _cells.Add(new CellCount { Entry = e, Cell = cell, Events = events, WorkHourEvents = workHourEvents });
    }

    /// <summary>Adds <paramref name="events"/> to the member's time-profile bin (0–23 weekday hours, 24–47 weekend hours).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bin is outside 0–47 or the count is negative.</exception>
    public void AddProfile(PhoneNumber member, int bin, int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, CallAggregator.ProfileBins);
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        for (int e = Entry(member); e >= 0; e = _roster.NextEntryOfSameNumber(e))
            _profile[e * CallAggregator.ProfileBins + bin] += events;
    }

    /// <summary>Adds to <see cref="CallAggregate.CdrsSeen"/> and <see cref="CallAggregate.CdrsTouchingMembers"/>.</summary>
    public void AddCounts(long cdrsSeen, long cdrsTouchingMembers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cdrsSeen);
        ArgumentOutOfRangeException.ThrowIfNegative(cdrsTouchingMembers);
        _seen += cdrsSeen;
        _touching += cdrsTouchingMembers;
    }

    /// <summary>The aggregate of every row added. Call once.</summary>
    public CallAggregate Build()
    {
        if (_built) throw new InvalidOperationException("Build was already called.");
        _built = true;
        int entries = _roster.EntryCount;
        var (pairs, pairStart) = Combine(_pairs, entries, static (ref PairStats into, in PairStats from) => into.MergeFrom(from));
        ApplyCellBits(_cellBits, pairs, pairStart);
        var (cells, cellStart) = Combine(_cells, entries, static (ref CellCount into, in CellCount from) =>
        {
            into.Events += from.Events;
            into.WorkHourEvents += from.WorkHourEvents;
        });
        return CallAggregate.FromSorted(_roster, pairs, pairStart, cells, cellStart, _profile, _seen, _touching);
    }

    private int Entry(PhoneNumber member)
    {
        int entry = _roster.FirstEntryOf(member);
        if (entry < 0) UnknownMemberRows++;
        return entry;
    }

    private delegate void CombineInto<T>(ref T into, in T from);

    /// <summary>
    /// Sorts by (entry, key), folds rows of the same key together, and returns them with each entry's start. The rows are
    /// folded in place and copied out once, so the rows are held at most twice.
    /// </summary>
    private static (T[] Items, int[] Start) Combine<T>(List<T> rows, int entries, CombineInto<T> combine)
        where T : struct, IEntryKeyed<T>
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows);
        span.Sort(static (a, b) => a.EntryKey != b.EntryKey ? a.EntryKey.CompareTo(b.EntryKey) : a.SecondKey.CompareTo(b.SecondKey));
        var start = new int[entries + 1];
        int kept = 0;
        for (int i = 0; i < span.Length;)
        {
            T merged = span[i];
            int j = i + 1;
            while (j < span.Length && span[j].EntryKey == merged.EntryKey && span[j].SecondKey == merged.SecondKey) combine(ref merged, span[j++]);
            span[kept++] = merged;
            start[merged.EntryKey + 1]++;
            i = j;
        }
        for (int e = 0; e < entries; e++) start[e + 1] += start[e];
        var items = span[..kept].ToArray();
        rows.Clear();
        rows.TrimExcess();
        return (items, start);
    }

    /// <summary>ORs the cell bits added by <see cref="AddCellBits"/> into the combined pairs they belong to.</summary>
    private static void ApplyCellBits(List<PairStats> bits, PairStats[] pairs, int[] pairStart)
    {
        foreach (var b in bits)
        {
            int lo = pairStart[b.Entry], hi = pairStart[b.Entry + 1] - 1;
            while (lo <= hi)
            {
                int mid = lo + ((hi - lo) >> 1);
                ulong other = pairs[mid].Other;
                if (other == b.Other) { pairs[mid].CellBits |= b.CellBits; break; }
                if (other < b.Other) lo = mid + 1; else hi = mid - 1;
            }
        }
    }
}
