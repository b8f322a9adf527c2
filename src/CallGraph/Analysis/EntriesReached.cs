using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CallGraph.Aggregation;

namespace CallGraph.Analysis;

/// <summary>
/// For every number that any roster entry talks to, how many roster entries talk to it. A CDR between two
/// roster numbers is recorded on both entries, so for a roster number this is the count of roster entries
/// among its own contacts, and for an outside number the count of entries that reach it: one definition for
/// both, which the <see cref="MemberCoupling"/> embeddedness signal divides by.
/// </summary>
internal sealed class EntriesReached
{
    // No packed key is all ones: its top 4 bits hold a length of at most 15 and its value is below 10^15.
    private const ulong Empty = ulong.MaxValue;
    private readonly ulong[] _keys;
    private readonly int[] _counts;
    private readonly int _shift;

    private EntriesReached(int capacity)
    {
        int bits = 4;
        while (1 << bits < 2 * capacity) bits++;
        _keys = new ulong[1 << bits];
        _keys.AsSpan().Fill(Empty);
        _counts = new int[1 << bits];
        _shift = 64 - bits;
    }

    /// <summary>Counts, over every entry's pairs, the entries per other party.</summary>
    public static EntriesReached Count(CallAggregate aggregate)
    {
        int entries = aggregate.Roster.EntryCount;
        long pairs = 0;
        for (int e = 0; e < entries; e++) pairs += aggregate.PairsOf(e).Length;
        var table = new EntriesReached((int)Math.Min(pairs, 1 << 29));
        for (int e = 0; e < entries; e++)
            foreach (ref readonly var p in aggregate.PairsOf(e))
                table._counts[table.FindOrAdd(p.Other)]++;
        return table;
    }

    /// <summary>Roster entries that talk to the number with key <paramref name="key"/> (0 when none).</summary>
    public int Of(ulong key)
    {
        int mask = _keys.Length - 1;
        ref ulong first = ref MemoryMarshal.GetArrayDataReference(_keys); // slots are masked: no bounds checks
        for (int s = Hash(key); ; s = (s + 1) & mask)
        {
            ulong k = Unsafe.Add(ref first, s);
            if (k == key) return _counts[s];
            if (k == Empty) return 0;
        }
    }

    private int Hash(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private int FindOrAdd(ulong key)
    {
        int mask = _keys.Length - 1;
        for (int s = Hash(key); ; s = (s + 1) & mask)
        {
            if (_keys[s] == key) return s;
            if (_keys[s] == Empty)
            {
                _keys[s] = key;
                return s;
            }
        }
    }
}
