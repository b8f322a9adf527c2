using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Analysis;

public class EntriesReachedProperties
{
    [Property]
    public Property The_filtered_count_equals_a_plain_count_wherever_two_or_more_entries_reach_a_party() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed, 1500);
            var aggregator = new CallAggregator(new Roster(rows));
            var sink = aggregator.CreateSink();
            foreach (var c in cdrs) sink.Add(c);
            var aggregate = aggregator.Complete();
            var reach = EntriesReached.Count(aggregate);

            // Plain path: every pair of every entry, counted in a dictionary.
            var plain = new Dictionary<ulong, int>();
            for (int e = 0; e < aggregate.Roster.EntryCount; e++)
                foreach (var p in aggregate.PairsOf(e).ToArray()) plain[p.Other] = plain.GetValueOrDefault(p.Other) + 1;
            return plain.All(kv => kv.Value >= 2 ? reach.Of(kv.Key) == kv.Value : reach.Of(kv.Key) <= 1);
        });
}
