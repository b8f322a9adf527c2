using CallGraph.Ingest;

namespace CallGraph.Tests.Ingest;

public class DuplicateFilterTests
{
    [Fact]
    public void Concurrent_inserts_while_growing_keep_every_value_exactly_once()
    {
        // Values drawn from a small universe so both threads add many of the same ones.
        var rng = new Random(3);
        var values = Enumerable.Range(0, 600_000).Select(_ => DuplicateFilter.Normalize((ulong)rng.Next(400_000) * 0x9E3779B97F4A7C15UL)).ToArray();
        var filter = new DuplicateFilter(0); // starts at the minimum size and must grow several times
        long added = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, part =>
        {
            long mine = 0, batch = 0;
            for (int i = part; i < values.Length; i += 2)
            {
                if (filter.TryAdd(values[i % values.Length])) { mine++; batch++; }
                if (batch == 1000) { filter.AddCount(batch); batch = 0; }
            }
            filter.AddCount(batch);
            Interlocked.Add(ref added, mine);
        });
        Assert.Equal(values.Distinct().LongCount(), added);
        Assert.True(filter.Bytes >= added * 8 / 3 * 4, $"{filter.Bytes} bytes for {added} values: above 75% load");
        foreach (var v in values) Assert.False(filter.TryAdd(v));
    }
}
