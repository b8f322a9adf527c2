using System.Collections.Concurrent;
using CallGraph.Ingest;

namespace CallGraph.Tests.Ingest;

public class DuplicateFilterTests
{
    [Fact]
    public void Concurrent_batches_while_partitions_grow_report_every_value_new_exactly_once()
    {
        // Values drawn from a small universe so the threads add many of the same ones, within and across batches.
        var rng = new Random(3);
        var values = Enumerable.Range(0, 800_000).Select(_ => DuplicateFilter.Normalize((ulong)rng.Next(400_000) * 0x9E3779B97F4A7C15UL)).ToArray();
        using var filter = new DuplicateFilter(0); // starts at the minimum size, so every partition grows several times
        var timesNew = new ConcurrentDictionary<ulong, int>();
        const int Threads = 4, Batch = 3_000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            // Each thread walks all values from its own offset, so every value is offered by every thread.
            var batch = new List<ulong>[DuplicateFilter.Partitions];
            for (int p = 0; p < batch.Length; p++) batch[p] = [];
            var added = new bool[Batch];
            for (int b = 0; b < values.Length; b += Batch)
            {
                int from = (b + thread * values.Length / Threads) % values.Length;
                for (int i = 0; i < Batch && from + i < values.Length; i++) batch[DuplicateFilter.PartitionOf(values[from + i])].Add(values[from + i]);
                for (int p = 0; p < batch.Length; p++)
                {
                    var span = batch[p].ToArray();
                    int fresh = (thread + b) % 2 == 0
                        ? filter.AddBatch(p, span, added)
                        : filter.TryAddBatch(p, span, added) ?? filter.AddBatch(p, span, added);
                    Assert.Equal(fresh, added.AsSpan(0, span.Length).Count(true));
                    for (int i = 0; i < span.Length; i++)
                        if (added[i]) timesNew.AddOrUpdate(span[i], 1, (_, n) => n + 1);
                    batch[p].Clear();
                }
            }
        });
        var distinct = values.Distinct().ToArray();
        Assert.Equal(distinct.Length, timesNew.Count);
        Assert.All(timesNew.Values, n => Assert.Equal(1, n));
        Assert.Equal(distinct.Length, filter.Count);
        Assert.True(filter.Bytes >= distinct.Length * 8L * 4 / 3, $"{filter.Bytes} bytes for {distinct.Length} values: above 75% load");

        // Everything is present now: re-inserting, in batches or one by one, reports nothing new.
        var again = new bool[values.Length];
        foreach (var group in values.GroupBy(DuplicateFilter.PartitionOf))
            Assert.Equal(0, filter.AddBatch(group.Key, group.ToArray(), again));
        Assert.DoesNotContain(true, again);
        foreach (var v in distinct.Take(1000)) Assert.False(filter.TryAdd(v));
        Assert.Equal(distinct.Length, filter.Count);
    }

    [Fact]
    public void A_value_repeated_within_a_batch_is_new_only_the_first_time()
    {
        using var filter = new DuplicateFilter(0);
        ulong a = DuplicateFilter.Normalize(0x0123_4567_89AB_CDEFUL), b = DuplicateFilter.Normalize(0x0FED_CBA9_8765_4321UL);
        var added = new bool[4];
        Assert.Equal(2, filter.AddBatch(0, [a, a, b, a], added));
        Assert.Equal([true, false, true, false], added);
        Assert.True(filter.TryAdd(DuplicateFilter.Normalize(0)));
        Assert.False(filter.TryAdd(DuplicateFilter.Normalize(ulong.MaxValue))); // both reserved values map to one
    }
}
