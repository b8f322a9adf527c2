using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Analysis;

/// <summary>The sorting, counting and reuse helpers of the analyses against their straightforward forms.</summary>
public class ScratchHelperTests
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, 1_000_000));

    [Property]
    public Property Keyed_sorter_orders_runs_like_a_plain_sort_by_key() =>
        Prop.ForAll(Seeds, seed =>
        {
            var rng = new Random(seed);
            var sorter = new KeyedSorter<PairStats>();
            for (int run = 0; run < 20; run++)
            {
                // Short runs take the insertion path, long ones the key path; keys are distinct within a run.
                int n = rng.Next(0, run % 2 == 0 ? 20 : 300);
                var keys = Enumerable.Range(0, n).Select(_ => (ulong)rng.NextInt64()).Distinct().ToArray();
                var items = keys.Select((k, i) => new PairStats { Other = k, Entry = 7, OutCalls = i }).ToArray();
                var expected = items.OrderBy(p => p.Other).ToArray();
                sorter.Sort(items);
                if (!items.AsSpan().SequenceEqual(expected)) return false;
            }
            return true;
        });

    [Property]
    public Property Median_by_selection_equals_the_median_of_the_sorted_values() =>
        Prop.ForAll(Seeds, seed =>
        {
            var rng = new Random(seed);
            for (int run = 0; run < 50; run++)
            {
                // Few distinct values (many ties), shares rounded to 4 decimals, or counts.
                int n = rng.Next(0, run % 5 == 0 ? 2000 : 40);
                int distinct = rng.Next(1, 12);
                var values = Enumerable.Range(0, n).Select(_ => rng.Next(3) switch
                {
                    0 => (double)rng.Next(0, distinct),
                    1 => Math.Round(rng.NextDouble(), 4),
                    _ => rng.Next(0, 300),
                }).ToArray();
                if (MemberCoupling.MedianInPlace(values.ToArray()) != SortedMedian(values)) return false;
            }
            return true;
        });

    // The reference: sort a copy, take the middle value or the mean of the two middle values.
    private static double SortedMedian(double[] values)
    {
        var v = values.ToArray();
        if (v.Length == 0) return 0;
        Array.Sort(v);
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    [Property]
    public Property Groups_reached_of_listed_contacts_equal_a_plain_count() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed, 3000);
            var roster = new Roster(rows);
            var aggregator = new CallAggregator(roster);
            var sink = aggregator.CreateSink();
            foreach (var c in cdrs) sink.Add(c);
            var aggregate = aggregator.Complete();
            // The plain count: groups whose graph has the number among its outside contacts.
            var contactsOf = roster.Groups.Select(g =>
            {
                var graph = GroupGraph.Build(aggregate, g);
                return Enumerable.Range(graph.MemberCount, graph.ContactCount).Select(graph.NumberOf).ToHashSet();
            }).ToArray();
            var result = GroupAnalyzer.Analyze(aggregate, NumberPlan.Default, new AnalysisOptions { Threads = 1 + seed % 3 });
            return result.Prospects.Concat(result.PotentialMembers).Concat(result.CompetitorLike)
                .All(c => c.GroupsReached == contactsOf.Count(s => s.Contains(c.Msisdn)));
        });

    [Property]
    public Property Graphs_built_in_reused_buffers_or_unsorted_equal_fresh_ones_and_colleague_links_agree() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed);
            var roster = new Roster(rows);
            var aggregator = new CallAggregator(roster);
            var sink = aggregator.CreateSink();
            foreach (var c in cdrs) sink.Add(c);
            var aggregate = aggregator.Complete();
            var buffers = new GroupGraph.Buffers();
            var unsortedBuffers = new GroupGraph.Buffers();
            var matrix = new ColleagueLinks();
            var set = new ColleagueLinks(matrixLimit: 0);
            // Largest first, as the analyzer goes, and then smallest first, so buffers both grow and are reused.
            foreach (var group in roster.Groups.OrderByDescending(g => g.Size).Concat(roster.Groups.OrderBy(g => g.Size)))
            {
                var fresh = GroupGraph.Build(aggregate, group);
                var reused = GroupGraph.Build(aggregate, group, buffers);
                if (fresh.ContactCount != reused.ContactCount || fresh.EdgeCount != reused.EdgeCount) return false;
                for (int node = 0; node < fresh.NodeCount; node++)
                {
                    if (fresh.NumberOf(node) != reused.NumberOf(node)) return false;
                    if (node < fresh.MemberCount ? !fresh.NeighboursOf(node).SequenceEqual(reused.NeighboursOf(node))
                        : !fresh.MembersOfContact(node).SequenceEqual(reused.MembersOfContact(node))) return false;
                }
                // Contacts in order of first sight: the same graph with the contact nodes renumbered.
                var unsorted = GroupGraph.Build(aggregate, group, unsortedBuffers, contactsInNumberOrder: false);
                foreach (var graph in new[] { fresh, reused, unsorted })
                    for (int i = 0; i < graph.MemberCount; i++)
                    {
                        var targets = graph.NeighboursOf(i).ToArray();
                        var ties = Enumerable.Range(0, targets.Length).Where(j => targets[j] < graph.MemberCount);
                        if (!graph.ColleagueEdgesOf(i).ToArray().SequenceEqual(ties)) return false;
                    }
                if (unsorted.ContactCount != fresh.ContactCount || unsorted.EdgeCount != fresh.EdgeCount) return false;
                for (int node = 0; node < fresh.NodeCount; node++)
                {
                    var number = fresh.NumberOf(node);
                    if (node < fresh.MemberCount)
                    {
                        if (unsorted.NumberOf(node) != number
                            || !fresh.NeighboursOf(node).ToArray().Select(fresh.NumberOf).SequenceEqual(unsorted.NeighboursOf(node).ToArray().Select(unsorted.NumberOf))) return false;
                    }
                    else
                    {
                        int other = unsorted.ContactNode(number);
                        if (other < 0 || unsorted.NumberOf(other) != number || !fresh.MembersOfContact(node).SequenceEqual(unsorted.MembersOfContact(other))) return false;
                    }
                }
                int m = fresh.MemberCount;
                var edges = new HashSet<(int, int)>();
                for (int i = 0; i < m; i++)
                    foreach (int node in fresh.NeighboursOf(i))
                        if (node < m) edges.Add((Math.Min(i, node), Math.Max(i, node)));
                matrix.Reset(reused);
                set.Reset(reused);
                for (int a = 0; a < m; a++)
                    for (int b = a + 1; b < m; b++)
                        if (matrix.Linked(a, b) != edges.Contains((a, b)) || set.Linked(a, b) != edges.Contains((a, b))) return false;
                var some = Enumerable.Range(0, m).Where(i => (i * 7 + seed) % 3 != 0).ToArray();
                int linkedPairs = 0;
                for (int a = 0; a < some.Length; a++)
                    for (int b = a + 1; b < some.Length; b++)
                        if (edges.Contains((some[a], some[b]))) linkedPairs++;
                if (matrix.LinkedPairs(some) != linkedPairs || set.LinkedPairs(some) != linkedPairs) return false;
            }
            return true;
        });
}
