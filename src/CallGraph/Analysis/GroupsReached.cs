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
    /// <summary>
    /// Numbers every candidate of <paramref name="prepared"/> (its <see cref="CircleAnalysis.Candidate.Slot"/>)
    /// and returns, per slot, how many groups of the roster have the number among their outside parties.
    /// </summary>
    public static int[] Count(CallAggregate aggregate, CircleAnalysis.Prepared?[] prepared, int threads) => Count(aggregate, prepared, threads, out _);

    /// <summary>
    /// As <see cref="Count(CallAggregate, CircleAnalysis.Prepared?[], int)"/>, and per slot the members tied to it in the
    /// group that has the most (<see cref="TopTies"/>), so that each number can be given its home group.
    /// </summary>
    public static int[] Count(CallAggregate aggregate, CircleAnalysis.Prepared?[] prepared, int threads, out TopTies top)
    {
        int candidates = 0;
        foreach (var p in prepared) candidates += p?.Candidates.Length ?? 0;
        var table = new KeySlots(candidates);
        foreach (var p in prepared)
        {
            if (p is null) continue;
            foreach (ref var c in p.Candidates.AsSpan()) c.Slot = table.FindOrAdd(c.Number.Key);
        }

        var roster = aggregate.Roster;
        var groups = roster.Groups;
        var counts = new int[table.Slots];
        // Per worker, the last group that counted each slot: a number counts once per group.
        Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, () => new int[table.Slots], (g, _, countedBy) =>
        {
            var group = groups[g];
            int stamp = g + 1;
            for (int e = group.FirstEntry; e < group.FirstEntry + group.Size; e++)
                foreach (ref readonly var pair in aggregate.PairsOf(e))
                {
                    int slot = table.Find(pair.Other);
                    if (slot < 0 || countedBy[slot] == stamp) continue;
                    countedBy[slot] = stamp;
                    // Only as an outside party: a colleague's number is not a contact of the group.
                    if (roster.EntryOf(new PhoneNumber(pair.Other), group.Index) < 0) Interlocked.Increment(ref counts[slot]);
                }
            return countedBy;
        }, static _ => { });

        // Members tied to each slot, group by group (entries of one group are contiguous), folded into the two
        // largest counts over groups: one sequential scan, so the result does not depend on the threads.
        top = new TopTies(table.Slots);
        var tiesHere = new int[table.Slots];
        var touched = new List<int>();
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            for (int e = group.FirstEntry; e < group.FirstEntry + group.Size; e++)
                foreach (ref readonly var pair in aggregate.PairsOf(e))
                {
                    int slot = table.Find(pair.Other);
                    if (slot < 0) continue;
                    if (tiesHere[slot]++ == 0) touched.Add(slot);
                }
            foreach (int slot in touched)
            {
                if (roster.EntryOf(new PhoneNumber(table.KeyOf(slot)), group.Index) < 0) top.Add(slot, g, tiesHere[slot]);
                tiesHere[slot] = 0;
            }
            touched.Clear();
        }
        return counts;
    }

    /// <summary>Per slot, the largest number of one group's members tied to it, with that group, and the second largest.</summary>
    internal sealed class TopTies(int slots)
    {
        private readonly int[] _most = new int[slots], _mostGroup = new int[slots], _second = new int[slots];

        /// <summary>Folds group <paramref name="group"/>'s <paramref name="ties"/> to the slot in.</summary>
        public void Add(int slot, int group, int ties)
        {
            if (ties > _most[slot])
            {
                _second[slot] = _most[slot];
                _most[slot] = ties;
                _mostGroup[slot] = group;
            }
            else if (ties > _second[slot]) _second[slot] = ties;
        }

        /// <summary>The most members of any one group other than <paramref name="group"/> tied to the slot's number.</summary>
        public int MostElsewhere(int slot, int group) => _mostGroup[slot] == group && _most[slot] > 0 ? _second[slot] : _most[slot];
    }
}
