using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Internals;
using FsCheck;
using FsCheck.Fluent;

namespace CallGraph.Tests.Internals;

/// <summary>The one native-memory owner: zeroed, writable, freed once, and the tables built on it keep every record.</summary>
public class NativeMemoryHandleTests
{
    [Fact]
    public unsafe void A_block_is_zeroed_writable_and_released_exactly_once() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 3 << 20)), Arb.From(Gen.Elements(false, true)), (bytes, huge) =>
        {
            var handle = new NativeMemoryHandle((nuint)bytes, hugePages: huge, memoryPressure: huge);
            var span = new Span<byte>(handle.Pointer, bytes);
            bool zeroed = span.IndexOfAnyExcept((byte)0) < 0;
            span.Fill(0x5A);
            bool written = span[^1] == 0x5A && span[0] == 0x5A;
            bool open = !handle.IsInvalid && !handle.IsClosed && handle.Bytes == (nuint)bytes;
            handle.Dispose();
            handle.Dispose(); // a second dispose frees nothing twice
            return zeroed && written && open && handle.IsClosed && handle.Pointer == null;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_table_dropped_without_release_is_freed_by_its_handles()
    {
        // Tables and arenas that are never released (a failed read) leave their memory to the handles' finalizers:
        // dropping many and collecting must not crash or double-free, and a live table beside them stays intact.
        var live = new EntryKeyedTable<CellCount>(16);
        for (int round = 0; round < 20; round++)
        {
            var arena = round % 2 == 0 ? BlockArena.TryCreate() : null;
            var dropped = new EntryKeyedTable<CellCount>(16, arena);
            for (int i = 0; i < 10_000; i++) dropped.FindOrAdd(i % 97, (ulong)i + 1).Events++;
            live.FindOrAdd(round, 1).Events++;
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(20, live.Count);
        for (int b = 0; b < live.BlockCount; b++)
            Assert.All(live.Block(b).ToArray(), c => Assert.Equal(1, c.Events));
        live.Release();
        Assert.Equal(0, live.Count);
    }

    [Fact]
    public void Duplicate_filters_hand_their_block_on_and_dropped_ones_are_freed_by_their_handles()
    {
        var rng = new Random(5);
        var values = Enumerable.Range(0, 200_000).Select(_ => DuplicateFilter.Normalize(StableHash.Mix((ulong)rng.Next(150_000)))).ToArray();
        int Distinct(DuplicateFilter filter)
        {
            var added = new bool[values.Length];
            int fresh = 0;
            foreach (var group in values.GroupBy(DuplicateFilter.PartitionOf))
            {
                var span = group.ToArray();
                fresh += filter.AddBatch(group.Key, span, added);
            }
            return fresh;
        }
        int expected = values.Distinct().Count();
        // A filter that grows, retires its block (cleared) to the next one, which sees every value as new again.
        var first = new DuplicateFilter(0);
        Assert.Equal(expected, Distinct(first));
        var spare = first.Retire();
        Assert.NotEqual(0, spare.Block);
        var second = new DuplicateFilter(0, ref spare);
        Assert.Equal(0, spare.Block); // taken
        Assert.Equal(expected, Distinct(second));
        second.Dispose();
        second.Dispose();
        // Filters dropped without Dispose (grown tables included) are freed by their handles' finalizers.
        for (int i = 0; i < 5; i++) Assert.Equal(expected, Distinct(new DuplicateFilter(0)));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var third = new DuplicateFilter(values.Length);
        Assert.Equal(expected, Distinct(third));
    }

    /// <summary>The table on handles (arena or not) holds what a dictionary holds (the plain path), across blocks and rehashes, released or not.</summary>
    [Fact]
    public void Entry_keyed_table_on_handles_equals_a_dictionary() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), Arb.From(Gen.Elements(false, true)), (seed, shareArena) =>
        {
            using var arena = shareArena ? BlockArena.TryCreate() : null;
            var table = new EntryKeyedTable<CellCount>(16, arena);
            var expected = new Dictionary<(int, ulong), int>();
            var rng = new Random(seed);
            int n = rng.Next(1, 20_000);
            for (int i = 0; i < n; i++)
            {
                int entry = rng.Next(500);
                ulong key = (ulong)rng.Next(300) + 1;
                table.FindOrAdd(entry, key).Events++;
                expected[(entry, key)] = expected.GetValueOrDefault((entry, key)) + 1;
            }
            var seen = new Dictionary<(int, ulong), int>();
            for (int b = 0; b < table.BlockCount; b++)
                foreach (var c in table.Block(b).ToArray()) seen[(c.Entry, c.Cell)] = c.Events;
            bool same = seen.Count == expected.Count && expected.All(kv => seen.TryGetValue(kv.Key, out int v) && v == kv.Value);
            if (seed % 2 == 0) table.Release();
            return same;
        }).QuickCheckThrowOnFailure();
}
