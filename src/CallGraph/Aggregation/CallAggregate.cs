using System.Diagnostics;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Aggregation;

/// <summary>
/// The finished aggregate of a dump: for every member entry, its pairs sorted by the other party,
/// its cells sorted by cell key, and its 48-bin time profile. Immutable and independent of CDR order
/// and thread count; two aggregates over the same roster merge into the aggregate of both dumps.
/// </summary>
public sealed class CallAggregate
{
    private readonly PairStats[] _pairs;
    private readonly int[] _pairStart;
    private readonly CellCount[] _cells;
    private readonly int[] _cellStart;
    private readonly int[] _profile;

    private CallAggregate(Roster roster, PairStats[] pairs, int[] pairStart, CellCount[] cells, int[] cellStart, int[] profile, long cdrsSeen, long cdrsTouchingMembers)
    {
        Roster = roster;
        _pairs = pairs;
        _pairStart = pairStart;
        _cells = cells;
        _cellStart = cellStart;
        _profile = profile;
        CdrsSeen = cdrsSeen;
        CdrsTouchingMembers = cdrsTouchingMembers;
    }

    /// <summary>The roster the entries refer to.</summary>
    public Roster Roster { get; }

    /// <summary>CDRs offered to the aggregator.</summary>
    public long CdrsSeen { get; }

    /// <summary>CDRs with at least one roster member on either side.</summary>
    public long CdrsTouchingMembers { get; }

    /// <summary>Distinct (member entry, other party) pairs.</summary>
    public int PairCount => _pairs.Length;

    /// <summary>All pairs, grouped by entry, each entry's pairs sorted by other party key.</summary>
    public ReadOnlySpan<PairStats> AllPairs => _pairs;

    /// <summary>Pairs of one member entry, sorted by other party key.</summary>
    public ReadOnlySpan<PairStats> PairsOf(int entry) => _pairs.AsSpan(_pairStart[entry], _pairStart[entry + 1] - _pairStart[entry]);

    /// <summary>Cells of one member entry (events where the member's own cell was recorded), sorted by cell key.</summary>
    public ReadOnlySpan<CellCount> CellsOf(int entry) => _cells.AsSpan(_cellStart[entry], _cellStart[entry + 1] - _cellStart[entry]);

    /// <summary>The member's events by time bin: 0–23 weekday hours, 24–47 weekend hours.</summary>
    public ReadOnlySpan<int> ProfileOf(int entry) => _profile.AsSpan(entry * CallAggregator.ProfileBins, CallAggregator.ProfileBins);

    /// <summary>An aggregate of records already laid out entry by entry and sorted by key within each entry.</summary>
    internal static CallAggregate FromSorted(Roster roster, PairStats[] pairs, int[] pairStart, CellCount[] cells, int[] cellStart, int[] profile, long seen, long touching) =>
        new(roster, pairs, pairStart, cells, cellStart, profile, seen, touching);

    internal static CallAggregate Build(Roster roster, EntryKeyedTable<PairStats>[] pairTables, EntryKeyedTable<CellCount>[] cellTables, int[] partitionBounds, int[] profile, long seen, long touching)
    {
        int entries = roster.EntryCount;
        var (pairs, pairStart) = Gather(entries, pairTables, partitionBounds);
        var (cells, cellStart) = Gather(entries, cellTables, partitionBounds);
        return new CallAggregate(roster, pairs, pairStart, cells, cellStart, profile, seen, touching);
    }

    /// <summary>
    /// Lays the partition tables out entry by entry, each entry's records sorted by key, releasing each table
    /// once copied. Table i holds only the entries [bounds[i], bounds[i+1]), so its stretch of the array
    /// starts after the records of the tables before it: every table is counted, copied and sorted on its
    /// own, in parallel, and sorted while its records are still in cache.
    /// </summary>
    private static (T[] Items, int[] Start) Gather<T>(int entries, EntryKeyedTable<T>[] tables, int[] bounds)
        where T : unmanaged, IEntryKeyed<T>
    {
        var offsets = new int[tables.Length + 1];
        for (int i = 0; i < tables.Length; i++) offsets[i + 1] = offsets[i] + tables[i].Count;
        var items = NativeBlock.AllocateLargeArray<T>(offsets[^1]);
        var start = new int[entries + 1];
        start[entries] = offsets[^1];
        Parallel.For(0, tables.Length, () => new KeyedSorter<T>(), (i, _, sorter) =>
        {
            var t = tables[i];
            int first = bounds[i], end = bounds[i + 1];
            // start[e] counts entry e's records, then becomes its offset; only this table's entries are touched.
            for (int b = 0; b < t.BlockCount; b++)
                foreach (ref readonly T item in t.Block(b))
                {
                    Debug.Assert(item.EntryKey >= first && item.EntryKey < end);
                    start[item.EntryKey]++;
                }
            var fill = new int[end - first];
            for (int e = first, at = offsets[i]; e < end; e++)
            {
                int count = start[e];
                start[e] = fill[e - first] = at;
                at += count;
            }
            for (int b = 0; b < t.BlockCount; b++)
                foreach (ref readonly T item in t.Block(b)) items[fill[item.EntryKey - first]++] = item;
            t.Release();
            // Keys are distinct within an entry, so the order is total and the result does not depend on the sort.
            for (int e = first; e < end; e++)
            {
                int next = e + 1 < end ? start[e + 1] : offsets[i + 1];
                sorter.Sort(items.AsSpan(start[e], next - start[e]));
            }
            return sorter;
        }, static _ => { });
        return (items, start);
    }

    /// <summary>
    /// Combines aggregates of two parts of a dump (split by file or by day) over the same roster into
    /// the aggregate of the whole. Exact: counts add, first/last take min/max, cell sketches union.
    /// </summary>
    public static CallAggregate Merge(CallAggregate a, CallAggregate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!ReferenceEquals(a.Roster, b.Roster)) throw new ArgumentException("Aggregates must share the same roster instance.");
        int entries = a.Roster.EntryCount;
        var pairs = new List<PairStats>(Math.Max(a.PairCount, b.PairCount));
        var pairStart = new int[entries + 1];
        var cells = new List<CellCount>();
        var cellStart = new int[entries + 1];
        for (int e = 0; e < entries; e++)
        {
            MergeSorted(a.PairsOf(e), b.PairsOf(e), pairs, static p => p.Other, static (ref PairStats x, in PairStats y) => x.MergeFrom(y));
            pairStart[e + 1] = pairs.Count;
            MergeSorted(a.CellsOf(e), b.CellsOf(e), cells, static c => c.Cell, static (ref CellCount x, in CellCount y) => { x.Events += y.Events; x.WorkHourEvents += y.WorkHourEvents; });
            cellStart[e + 1] = cells.Count;
        }
        var profile = new int[a._profile.Length];
        for (int i = 0; i < profile.Length; i++) profile[i] = a._profile[i] + b._profile[i];
        return new CallAggregate(a.Roster, pairs.ToArray(), pairStart, cells.ToArray(), cellStart, profile, a.CdrsSeen + b.CdrsSeen, a.CdrsTouchingMembers + b.CdrsTouchingMembers);
    }

    private delegate void Combine<T>(ref T into, in T from);

    private static void MergeSorted<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, List<T> output, Func<T, ulong> key, Combine<T> combine)
    {
        int i = 0, j = 0;
        while (i < x.Length || j < y.Length)
        {
            if (j == y.Length || (i < x.Length && key(x[i]) < key(y[j]))) output.Add(x[i++]);
            else if (i == x.Length || key(y[j]) < key(x[i])) output.Add(y[j++]);
            else
            {
                T merged = x[i++];
                combine(ref merged, y[j++]);
                output.Add(merged);
            }
        }
    }

    /// <summary>True when both aggregates hold exactly the same pairs, cells and profiles.</summary>
    public bool ContentEquals(CallAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _pairs.AsSpan().SequenceEqual(other._pairs) && _pairStart.AsSpan().SequenceEqual(other._pairStart)
            && _cells.AsSpan().SequenceEqual(other._cells) && _cellStart.AsSpan().SequenceEqual(other._cellStart)
            && _profile.AsSpan().SequenceEqual(other._profile);
    }
}
