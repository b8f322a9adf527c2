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
    private readonly KeySlots _slots;
    private readonly int[] _counts;

    private EntriesReached(int capacity)
    {
        _slots = new KeySlots(capacity);
        _counts = new int[_slots.Slots];
    }

    /// <summary>
    /// Counts, over every entry's pairs, the entries per other party. Most parties are reached by one entry only,
    /// and for those the embeddedness term is 0 whatever the count, so a first scan marks in two bit sets which
    /// hashes were seen once and twice, and only parties whose hash was seen twice are counted (exactly) in the
    /// table: a party left out was reached by one entry, and <see cref="Of"/> says 0 for it.
    /// </summary>
    public static EntriesReached Count(CallAggregate aggregate)
    {
        int entries = aggregate.Roster.EntryCount;
        long pairs = 0;
        for (int e = 0; e < entries; e++) pairs += aggregate.PairsOf(e).Length;
        int bits = 6;
        while (1L << bits < 8 * pairs && bits < 34) bits++;
        var once = new ulong[(1L << bits) / 64];
        var twice = new ulong[once.Length];
        int shift = 64 - bits;
        long repeated = 0;
        for (int e = 0; e < entries; e++)
            foreach (ref readonly var p in aggregate.PairsOf(e))
            {
                ulong h = StableHash.Mix(p.Other) >> shift;
                ulong bit = 1UL << (int)(h & 63);
                ref ulong seen = ref once[h >> 6];
                if ((seen & bit) == 0) seen |= bit;
                else if ((twice[h >> 6] & bit) == 0)
                {
                    twice[h >> 6] |= bit;
                    repeated++;
                }
            }
        var table = new EntriesReached((int)Math.Min(Math.Max(8, repeated), 1 << 29));
        for (int e = 0; e < entries; e++)
            foreach (ref readonly var p in aggregate.PairsOf(e))
            {
                ulong h = StableHash.Mix(p.Other) >> shift;
                if ((twice[h >> 6] & (1UL << (int)(h & 63))) != 0) table._counts[table._slots.FindOrAdd(p.Other)]++;
            }
        return table;
    }

    /// <summary>Roster entries that talk to the number with key <paramref name="key"/> (0 when none).</summary>
    public int Of(ulong key)
    {
        int slot = _slots.Find(key);
        return slot < 0 ? 0 : _counts[slot];
    }
}
