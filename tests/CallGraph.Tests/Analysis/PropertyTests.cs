using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Analysis;

/// <summary>Invariants over random small worlds; FsCheck picks the seeds (and shrinks them on failure).</summary>
public class PropertyTests
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, 1_000_000));

    /// <summary>A random world: 1–4 groups of 5–25 members, a shared pool of outside numbers, random traffic.</summary>
    internal static (List<(string, PhoneNumber)> Roster, List<Cdr> Cdrs) RandomWorld(int seed, int maxCdrs = 600)
    {
        var rng = new Random(seed);
        var roster = new List<(string, PhoneNumber)>();
        var everyone = new List<PhoneNumber>();
        int groups = rng.Next(1, 5);
        ulong serial = 0;
        for (int g = 0; g < groups; g++)
        {
            int size = rng.Next(5, 26);
            for (int i = 0; i < size; i++)
            {
                // Occasionally reuse a number so some sit on two rosters.
                var n = everyone.Count > 0 && rng.NextDouble() < 0.03 ? everyone[rng.Next(everyone.Count)] : PhoneNumber.FromDigits(11, 13800000000UL + ++serial);
                if (roster.Contains(($"G{g}", n))) continue;
                roster.Add(($"G{g}", n));
                everyone.Add(n);
            }
        }
        for (int i = 0; i < 30; i++)
        {
            ulong prefix = (ulong)(rng.Next(3) switch { 0 => 13900000000L, 1 => 18600000000L, _ => 18900000000L });
            everyone.Add(PhoneNumber.FromDigits(11, prefix + ++serial));
        }
        everyone.Add(PhoneNumber.FromDigitString("10086"));
        var cdrs = new List<Cdr>();
        int count = rng.Next(1, maxCdrs);
        for (int i = 0; i < count; i++)
        {
            var a = everyone[rng.Next(everyone.Count)];
            var b = everyone[rng.Next(everyone.Count)];
            if (a == b) continue;
            var type = rng.NextDouble() < 0.3 ? CdrType.Sms : CdrType.Voice;
            cdrs.Add(new Cdr(a, b, TestWorld.Monday + rng.Next(0, 14 * 86400), type == CdrType.Sms ? 0 : rng.Next(1, 600), type, (ulong)rng.Next(0, 6)));
        }
        return (roster, cdrs);
    }

    private static CallAggregate Aggregate(Roster roster, IEnumerable<Cdr> cdrs)
    {
        var aggregator = new CallAggregator(roster);
        var sink = aggregator.CreateSink();
        foreach (var c in cdrs) sink.Add(c);
        return aggregator.Complete();
    }

    [Property]
    public Property Cdr_order_does_not_matter() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = RandomWorld(seed);
            var roster = new Roster(rows);
            var shuffled = cdrs.OrderBy(_ => new Random(seed + 1).Next()).ToList();
            shuffled.Reverse();
            return Aggregate(roster, cdrs).ContentEquals(Aggregate(roster, shuffled));
        });

    [Property]
    public Property Expected_pairs_only_sizes_the_tables() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = RandomWorld(seed);
            var roster = new Roster(rows);
            return new[] { 1L, 50L, 1_000_000L }.All(expected =>
            {
                var aggregator = new CallAggregator(roster, new AggregationOptions { ExpectedPairs = expected });
                var sink = aggregator.CreateSink();
                foreach (var c in cdrs) sink.Add(c);
                return aggregator.Complete().ContentEquals(Aggregate(roster, cdrs));
            });
        });

    [Property]
    public Property Thread_count_does_not_matter() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = RandomWorld(seed, 5000);
            var roster = new Roster(rows);
            var aggregator = new CallAggregator(roster);
            var sinks = new[] { aggregator.CreateSink(), aggregator.CreateSink(), aggregator.CreateSink() };
            Parallel.For(0, sinks.Length, s =>
            {
                for (int i = s; i < cdrs.Count; i += sinks.Length) sinks[s].Add(cdrs[i]);
            });
            var parallel = aggregator.Complete();
            var serial = Aggregate(roster, cdrs);
            var a = GroupAnalyzer.Analyze(parallel, NumberPlan.Default, new AnalysisOptions { Threads = 2 });
            var b = GroupAnalyzer.Analyze(serial, NumberPlan.Default, new AnalysisOptions { Threads = 1 });
            return parallel.ContentEquals(serial) && a.Members.SequenceEqual(b.Members) && a.Groups.SequenceEqual(b.Groups) && a.Prospects.SequenceEqual(b.Prospects);
        });

    [Property]
    public Property Merging_the_aggregates_of_two_halves_gives_the_aggregate_of_the_whole() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = RandomWorld(seed);
            var roster = new Roster(rows);
            int cut = new Random(seed).Next(0, cdrs.Count + 1);
            var merged = CallAggregate.Merge(Aggregate(roster, cdrs.Take(cut)), Aggregate(roster, cdrs.Skip(cut)));
            return merged.ContentEquals(Aggregate(roster, cdrs));
        });

    [Property]
    public Property Relabelling_numbers_relabels_the_outputs() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = RandomWorld(seed);
            // A bijection that keeps each number's operator and class: shift the last 4 digits.
            PhoneNumber Relabel(PhoneNumber n) => n.Length == 11 ? PhoneNumber.FromDigits(11, n.Value / 10000 * 10000 + (n.Value % 10000 + 5000) % 10000) : n;
            var r1 = GroupAnalyzer.Analyze(Aggregate(new Roster(rows), cdrs), NumberPlan.Default);
            var rows2 = rows.Select(r => (r.Item1, Relabel(r.Item2))).ToList();
            var cdrs2 = cdrs.Select(c => c with { Caller = Relabel(c.Caller), Callee = Relabel(c.Callee) }).ToList();
            var r2 = GroupAnalyzer.Analyze(Aggregate(new Roster(rows2), cdrs2), NumberPlan.Default);
            var expected = r1.Members.Select(m => m with { Msisdn = Relabel(m.Msisdn) }).OrderBy(m => m.GroupId, StringComparer.Ordinal).ThenBy(m => m.Msisdn).ToList();
            var expectedProspects = r1.Prospects.Select(p => (p.GroupId, Relabel(p.Msisdn), p.MembersContacted)).OrderBy(p => p.GroupId, StringComparer.Ordinal).ThenBy(p => p.Item2).ToList();
            var actualProspects = r2.Prospects.Select(p => (p.GroupId, p.Msisdn, p.MembersContacted)).OrderBy(p => p.GroupId, StringComparer.Ordinal).ThenBy(p => p.Item2).ToList();
            return expected.SequenceEqual(r2.Members) && r1.Groups.SequenceEqual(r2.Groups) && expectedProspects.SequenceEqual(actualProspects);
        });
}

/// <summary>Periods are computed in the same pass; merged back they are the whole run, exactly.</summary>
public class PeriodPropertyTests
{
    [Property]
    public Property Period_aggregates_merge_back_into_the_whole() =>
        Prop.ForAll(Arb.From(Gen.Elements(CallGraph.Aggregation.PeriodScheme.Week, CallGraph.Aggregation.PeriodScheme.Month)), Arb.From(Gen.Choose(0, 1_000_000)), (scheme, seed) =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed, 3000);
            // Spread the traffic over about 70 days so there are several weeks and months.
            var rng = new Random(seed);
            cdrs = cdrs.Select(c => c with { StartSeconds = c.StartSeconds + rng.Next(0, 56) * 86400L }).ToList();
            var roster = new Roster(rows);
            var periods = new CallGraph.Aggregation.PeriodAggregator(roster, scheme);
            var sink = periods.CreateSink();
            var whole = new CallAggregator(roster);
            var wholeSink = whole.CreateSink();
            foreach (var c in cdrs) { sink.Add(c); wholeSink.Add(c); }
            var parts = periods.Complete();
            if (parts.Count == 0) return cdrs.Count == 0;
            var merged = parts.Select(p => p.Aggregate).Aggregate(CallAggregate.Merge);
            bool ordered = parts.Zip(parts.Skip(1)).All(p => p.First.Start < p.Second.Start);
            return ordered && merged.ContentEquals(whole.Complete()) && parts.Sum(p => p.Aggregate.CdrsSeen) == cdrs.Count;
        });
}
