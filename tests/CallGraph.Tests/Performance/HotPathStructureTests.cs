using CallGraph.Internals;
using CallGraph.Aggregation;
using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Performance;

/// <summary>The data structures behind the fast paths give the same answers as the plain ones they replaced.</summary>
public class HotPathStructureTests
{
    [Fact]
    public void Roster_lookup_finds_every_member_and_nothing_else()
    {
        var rng = new Random(4);
        var numbers = Enumerable.Range(0, 5000).Select(_ => PhoneNumber.FromDigits(11, 13_000_000_000UL + (ulong)rng.NextInt64(999_999_999))).Distinct().ToArray();
        var rows = numbers.Select((n, i) => ($"G{i % 37:D3}", n)).ToList();
        rows.AddRange(numbers.Take(50).Select(n => ("G999", n))); // some numbers on two rosters
        var roster = new Roster(rows);
        var expected = new Dictionary<ulong, int>();
        for (int e = roster.EntryCount - 1; e >= 0; e--) expected[roster.NumberOf(e).Key] = e;
        foreach (var (key, entry) in expected) Assert.Equal(entry, roster.FirstEntryOf(new PhoneNumber(key)));
        for (int i = 0; i < 20_000; i++)
        {
            var probe = PhoneNumber.FromDigits(11, 13_000_000_000UL + (ulong)rng.NextInt64(999_999_999));
            Assert.Equal(expected.GetValueOrDefault(probe.Key, -1), roster.FirstEntryOf(probe));
        }
        Assert.Equal(-1, roster.FirstEntryOf(default));
    }

    [Fact]
    public void Roster_lookup_handles_the_empty_number_as_a_member()
    {
        var roster = new Roster([("G1", default(PhoneNumber)), ("G1", PhoneNumber.FromDigitString("13800000000"))]);
        Assert.Equal(0, roster.FirstEntryOf(default));
        Assert.Equal(1, roster.FirstEntryOf(PhoneNumber.FromDigitString("13800000000")));
    }

    [Property]
    public Property Sort_key_orders_like_the_digit_strings_and_round_trips()
    {
        return Prop.ForAll(Arb.From(Gen.Choose(1, PhoneNumber.MaxDigits).SelectMany(len => Gen.Choose(0, int.MaxValue).Select(v => (len, v)))).Array(), (items) =>
        {
            var numbers = items.Select(t => PhoneNumber.FromDigits(t.len, (ulong)t.v % PhoneNumber.Pow10[t.len])).ToArray();
            foreach (var n in numbers) Assert.Equal(n, PhoneNumber.FromSortKey(PhoneNumber.SortKey(n.Key)));
            for (int i = 1; i < numbers.Length; i++)
            {
                var a = numbers[i - 1];
                var b = numbers[i];
                Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(PhoneNumber.SortKey(a.Key).CompareTo(PhoneNumber.SortKey(b.Key))));
            }
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Entry_keyed_table_keeps_every_record_across_blocks_and_rehashes(bool shareArena)
    {
        using var arena = shareArena ? BlockArena.TryCreate() : null;
        // With an arena, a second table interleaves its blocks and slot arrays with the first one's.
        var other = new EntryKeyedTable<PairStats>(16, arena);
        var table = new EntryKeyedTable<CellCount>(16, arena);
        var expected = new Dictionary<(int, ulong), int>();
        var rng = new Random(9);
        for (int i = 0; i < 30_000; i++)
        {
            int entry = rng.Next(300);
            ulong key = (ulong)rng.Next(200) + 1;
            table.FindOrAdd(entry, key).Events++;
            other.FindOrAdd(entry, key + 7).OutCalls++;
            expected[(entry, key)] = expected.GetValueOrDefault((entry, key)) + 1;
        }
        other.Release();
        Assert.Equal(expected.Count, table.Count);
        var seen = new Dictionary<(int, ulong), int>();
        for (int b = 0; b < table.BlockCount; b++)
            foreach (var c in table.Block(b).ToArray()) seen[(c.Entry, c.Cell)] = c.Events;
        Assert.Equal(expected.OrderBy(kv => kv.Key), seen.OrderBy(kv => kv.Key));
    }

    [Fact]
    public unsafe void Arena_blocks_are_zeroed_page_aligned_and_apart()
    {
        using var arena = BlockArena.TryCreate();
        if (arena is null) return; // not Linux: the tables allocate block by block
        var blocks = new List<(nint Start, int Bytes)>();
        var rng = new Random(2);
        for (int i = 0; i < 400; i++)
        {
            int bytes = 1 + rng.Next(300_000);
            nint p = (nint)arena.Take((nuint)bytes);
            Assert.Equal(0, p % 4096);
            var span = new Span<byte>((void*)p, bytes);
            Assert.True(span.IndexOfAnyExcept((byte)0) < 0);
            span.Fill(0xAB);
            blocks.Add((p, bytes));
            if (i % 3 == 0) arena.Free((void*)p, (nuint)bytes);
        }
        var sorted = blocks.OrderBy(b => b.Start).ToList();
        for (int i = 1; i < sorted.Count; i++) Assert.True(sorted[i - 1].Start + sorted[i - 1].Bytes <= sorted[i].Start);
    }

    [Property]
    public Property Aggregator_partitions_are_contiguous_entry_ranges_of_even_size() =>
        Prop.ForAll(Gen.Choose(1, 20_000).ToArbitrary(), entryCount =>
        {
            ulong scale = CallAggregator.PartitionScale(entryCount);
            var sizes = new int[CallAggregator.PartitionCount];
            int previous = 0;
            for (int e = 0; e < entryCount; e++)
            {
                int p = CallAggregator.PartitionOf(e, scale);
                Assert.InRange(p, previous, CallAggregator.PartitionCount - 1); // in range and never going back
                previous = p;
                sizes[p]++;
            }
            if (entryCount >= CallAggregator.PartitionCount) Assert.InRange(sizes.Max() - sizes.Min(), 0, 2);
            // The bounds Complete lays the tables out by are exactly those ranges.
            var bounds = CallAggregator.PartitionBounds(entryCount, scale);
            Assert.Equal(0, bounds[0]);
            Assert.Equal(entryCount, bounds[CallAggregator.PartitionCount]);
            for (int p = 0; p < CallAggregator.PartitionCount; p++) Assert.Equal(sizes[p], bounds[p + 1] - bounds[p]);
        });

    [Fact]
    public void Large_rosters_last_entry_lands_in_the_last_partition()
    {
        foreach (int n in new[] { 65_537, 442_575, 10_000_000, int.MaxValue })
            Assert.Equal(CallAggregator.PartitionCount - 1, CallAggregator.PartitionOf(n - 1, CallAggregator.PartitionScale(n)));
    }
}
