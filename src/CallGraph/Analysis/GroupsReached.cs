using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CallGraph.Aggregation;
using CallGraph.Numbers;

namespace CallGraph.Analysis;

/// <summary>
/// How many groups talk to each number that some group may list (the groups' circle candidates). Only
/// those numbers need the count, so they go in a small open-addressing table, and one scan of the
/// aggregate's pairs counts, group by group, the distinct candidates among each group's outside parties:
/// no list of every group's contacts and no sort of it.
/// </summary>
internal static class GroupsReached
{
    // No packed key is all ones: its top 4 bits hold a length of at most 15 and its value is below 10^15.
    private const ulong Empty = ulong.MaxValue;

    /// <summary>
    /// Numbers every candidate of <paramref name="prepared"/> (its <see cref="CircleAnalysis.Candidate.Slot"/>)
    /// and returns, per slot, how many groups of the roster have the number among their outside parties.
    /// </summary>
    public static int[] Count(CallAggregate aggregate, CircleAnalysis.Prepared?[] prepared, int threads)
    {
        int candidates = 0;
        foreach (var p in prepared) candidates += p?.Candidates.Length ?? 0;
        int bits = 4;
        while (1 << bits < 2 * candidates) bits++;
        var keys = new ulong[1 << bits];
        keys.AsSpan().Fill(Empty);
        foreach (var p in prepared)
        {
            if (p is null) continue;
            foreach (ref var c in p.Candidates.AsSpan()) c.Slot = FindOrAdd(keys, bits, c.Number.Key);
        }

        var roster = aggregate.Roster;
        var groups = roster.Groups;
        var counts = new int[keys.Length];
        // Per worker, the last group that counted each slot: a number counts once per group.
        Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, () => new int[keys.Length], (g, _, countedBy) =>
        {
            var group = groups[g];
            int stamp = g + 1;
            for (int e = group.FirstEntry; e < group.FirstEntry + group.Size; e++)
                foreach (ref readonly var pair in aggregate.PairsOf(e))
                {
                    int slot = Find(keys, bits, pair.Other);
                    if (slot < 0 || countedBy[slot] == stamp) continue;
                    countedBy[slot] = stamp;
                    // Only as an outside party: a colleague's number is not a contact of the group.
                    if (roster.EntryOf(new PhoneNumber(pair.Other), group.Index) < 0) Interlocked.Increment(ref counts[slot]);
                }
            return countedBy;
        }, static _ => { });
        return counts;
    }

    private static int Home(ulong key, int bits) => (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - bits));

    private static int FindOrAdd(ulong[] keys, int bits, ulong key)
    {
        int mask = keys.Length - 1;
        for (int s = Home(key, bits); ; s = (s + 1) & mask)
        {
            if (keys[s] == key) return s;
            if (keys[s] == Empty)
            {
                keys[s] = key;
                return s;
            }
        }
    }

    private static int Find(ulong[] keys, int bits, ulong key)
    {
        int mask = keys.Length - 1;
        ref ulong first = ref MemoryMarshal.GetArrayDataReference(keys); // slots are masked: no bounds checks
        for (int s = Home(key, bits); ; s = (s + 1) & mask)
        {
            ulong k = Unsafe.Add(ref first, s);
            if (k == key) return s;
            if (k == Empty) return -1;
        }
    }
}
