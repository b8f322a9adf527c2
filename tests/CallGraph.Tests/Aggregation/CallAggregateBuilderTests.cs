using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using CallGraph.Tests.Analysis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Aggregation;

/// <summary>An aggregate rebuilt from number-keyed rows, as an engine or a partial file delivers them, equals the reader's.</summary>
public class CallAggregateBuilderTests
{
    private static CallAggregate Aggregate(Roster roster, IEnumerable<Cdr> cdrs)
    {
        var aggregator = new CallAggregator(roster);
        var sink = aggregator.CreateSink();
        foreach (var c in cdrs) sink.Add(c);
        return aggregator.Complete();
    }

    /// <summary>
    /// The rows an engine would send for <paramref name="aggregate"/>: one set per member number, not per roster line.
    /// With <paramref name="splitBits"/>, each pair comes without its cell bits, which follow, split at random, in
    /// <see cref="CallAggregateBuilder.AddCellBits"/> rows of their own.
    /// </summary>
    private static List<Action<CallAggregateBuilder>> RowsOf(CallAggregate aggregate, Random? splitBits = null)
    {
        var roster = aggregate.Roster;
        var rows = new List<Action<CallAggregateBuilder>>();
        for (int e = 0; e < roster.EntryCount; e++)
        {
            var member = roster.NumberOf(e);
            if (roster.FirstEntryOf(member) != e) continue;
            foreach (var p in aggregate.PairsOf(e).ToArray())
            {
                if (splitBits is null)
                {
                    rows.Add(b => b.AddPair(member, p with { Entry = -1 }));
                    continue;
                }
                rows.Add(b => b.AddPair(member, p with { Entry = -1, CellBits = 0 }));
                for (uint left = p.CellBits; left != 0;)
                {
                    uint part = left & (uint)splitBits.Next(1, int.MaxValue);
                    if (part == 0) part = left & (0u - left);
                    left &= ~part;
                    ulong other = p.Other;
                    rows.Add(b => b.AddCellBits(member, other, part));
                }
            }
            foreach (var c in aggregate.CellsOf(e).ToArray()) rows.Add(b => b.AddCell(member, c.Cell, c.Events, c.WorkHourEvents));
            var profile = aggregate.ProfileOf(e).ToArray();
            for (int bin = 0; bin < profile.Length; bin++)
                if (profile[bin] > 0)
                {
                    int events = profile[bin], at = bin;
                    rows.Add(b => b.AddProfile(member, at, events));
                }
        }
        rows.Add(b => b.AddCounts(aggregate.CdrsSeen, aggregate.CdrsTouchingMembers));
        return rows;
    }

    [Property]
    public Property Rows_of_shards_in_any_order_build_the_aggregate_of_the_whole() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed);
            var roster = new Roster(rows);
            var rng = new Random(seed);
            int shards = rng.Next(1, 5);
            var parts = Enumerable.Range(0, shards).Select(_ => new List<Cdr>()).ToArray();
            foreach (var c in cdrs) parts[rng.Next(shards)].Add(c);
            var all = parts.SelectMany(p => RowsOf(Aggregate(roster, p))).OrderBy(_ => rng.Next()).ToList();
            var builder = new CallAggregateBuilder(roster);
            foreach (var add in all) add(builder);
            var built = builder.Build();
            var whole = Aggregate(roster, cdrs);
            return built.ContentEquals(whole) && built.CdrsSeen == whole.CdrsSeen && built.CdrsTouchingMembers == whole.CdrsTouchingMembers
                && builder.UnknownMemberRows == 0;
        });

    [Fact]
    public void A_number_on_two_rosters_gets_its_rows_on_both_lines_and_unknown_members_are_counted()
    {
        var shared = PhoneNumber.FromDigits(11, 13800000001);
        var other = PhoneNumber.FromDigits(11, 13900000009);
        var roster = new Roster([("A", shared), ("B", shared), ("B", PhoneNumber.FromDigits(11, 13800000002))]);
        var builder = new CallAggregateBuilder(roster);
        var pair = new PairStats { Other = other.Key, OutCalls = 2, InSms = 1, Seconds = 90, First = 100, Last = 200, WorkHourEvents = 1 };
        builder.AddPair(shared, pair);
        builder.AddPair(shared, pair with { OutCalls = 1, InSms = 0, Seconds = 10, First = 50, Last = 60, WorkHourEvents = 0 });
        builder.AddPair(PhoneNumber.FromDigits(11, 13700000000), pair);
        var aggregate = builder.Build();
        Assert.Equal(1, builder.UnknownMemberRows);
        foreach (int e in new[] { 0, 1 })
        {
            var p = Assert.Single(aggregate.PairsOf(e).ToArray());
            Assert.Equal((3, 1, 100L, 50u, 200u, 1), (p.OutCalls, p.InSms, p.Seconds, p.First, p.Last, p.WorkHourEvents));
        }
        Assert.Equal(0, aggregate.PairsOf(2).Length);
    }

    [Fact]
    public void Impossible_rows_are_refused()
    {
        var member = PhoneNumber.FromDigits(11, 13800000001);
        var builder = new CallAggregateBuilder(new Roster([("A", member)]));
        Assert.Throws<ArgumentException>(() => builder.AddPair(member, new PairStats { Other = 1, First = 5, Last = 5 }));
        Assert.Throws<ArgumentException>(() => builder.AddPair(member, new PairStats { Other = 1, OutCalls = 1, First = 6, Last = 5 }));
        Assert.Throws<ArgumentException>(() => builder.AddPair(member, new PairStats { Other = 1, OutCalls = 1, WorkHourEvents = 2 }));
        Assert.Throws<ArgumentException>(() => builder.AddCell(member, 0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddProfile(member, 48, 1));
    }

    [Property]
    public Property Cell_bits_sent_apart_from_their_pairs_land_on_them_whatever_the_order() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed);
            var roster = new Roster(rows);
            var whole = Aggregate(roster, cdrs);
            var rng = new Random(seed);
            // Every pair row without its cell bits, the bits in separate rows, all shuffled.
            var adds = RowsOf(whole, rng);
            var builder = new CallAggregateBuilder(roster);
            foreach (var add in adds.OrderBy(_ => rng.Next())) add(builder);
            return builder.Build().ContentEquals(whole);
        });

    [Fact]
    public void Cell_bits_for_a_pair_that_never_comes_are_dropped()
    {
        var member = PhoneNumber.FromDigits(11, 13800000001);
        var builder = new CallAggregateBuilder(new Roster([("A", member)]));
        builder.AddPair(member, new PairStats { Other = 7, OutCalls = 1, First = 5, Last = 5, CellBits = 1 });
        builder.AddCellBits(member, 7, 4);
        builder.AddCellBits(member, 8, 2);
        var pair = Assert.Single(builder.Build().PairsOf(0).ToArray());
        Assert.Equal((7UL, 5u), (pair.Other, pair.CellBits));
    }
}
