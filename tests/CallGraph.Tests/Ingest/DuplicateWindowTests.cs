using System.Text;
using CallGraph.Ingest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CallGraph.Tests.Ingest.ReaderHarness;

namespace CallGraph.Tests.Ingest;

public class DuplicateWindowTests
{
    private const string Header = "caller,callee,start_time,duration_s,type,cell_id\n";

    private static string Row(int caller, int day, int second) =>
        $"1380013{caller:0000},13912345678,202606{day:00}{second / 3600:00}{second / 60 % 60:00}{second % 60:00},60,voice,c\n";

    [Fact]
    public void Every_duplicate_of_a_dump_in_day_order_is_found()
    {
        // Ten days in order; each day's duplicates repeat rows of the same day, anywhere later in that day.
        var rng = new Random(5);
        var sb = new StringBuilder(Header);
        int expected = 0;
        for (int day = 1; day <= 10; day++)
        {
            var rows = Enumerable.Range(0, 300).Select(_ => Row(rng.Next(50), day, rng.Next(86_400))).ToList();
            int distinct = rows.Distinct().Count();
            for (int i = 0; i < 40; i++) rows.Insert(rng.Next(rows.Count + 1), rows[rng.Next(rows.Count)]);
            expected += rows.Count - distinct;
            foreach (var r in rows) sb.Append(r);
        }
        foreach (int threads in new[] { 1, 3 })
        {
            var o = Read(sb.ToString(), new CdrReaderOptions { Threads = threads, ChunkBytes = 700 });
            Assert.Equal(expected, o.Report.Duplicates);
            Assert.Equal(0, o.Report.NotCheckedForDuplicates);
            AssertBalanced(o.Report);
        }
    }

    [Theory]
    [InlineData(1, 0, 1)]    // four days late: past a one-day window, accepted unchecked
    [InlineData(4, 1, 0)]    // a four-day window still holds day 1
    [InlineData(null, 1, 0)] // the whole input is one window
    public void A_row_older_than_the_window_is_accepted_unchecked_and_counted(int? window, long duplicates, long notChecked)
    {
        string text = Header + Row(1, 1, 100) + Row(2, 5, 100) + Row(1, 1, 100);
        var o = Read(text, new CdrReaderOptions { Threads = 1, ChunkBytes = 40, DuplicateWindowDays = window });
        Assert.Equal(duplicates, o.Report.Duplicates);
        Assert.Equal(notChecked, o.Report.NotCheckedForDuplicates);
        Assert.Equal(3 - duplicates, o.Report.Accepted);
    }

    [Property(MaxTest = 80)]
    public Property Which_rows_are_checked_does_not_depend_on_the_thread_count()
    {
        var rows = from caller in Gen.Choose(0, 5)
                   from day in Gen.Choose(1, 9)
                   from second in Gen.Choose(0, 3)
                   select Row(caller, day, second);
        var cases = from lines in rows.ArrayOf()
                    from threads in Gen.Choose(2, 4)
                    from chunk in Gen.Choose(40, 300)
                    from window in Gen.Elements<int?>(0, 1, 3, null)
                    select (lines, threads, chunk, window);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            string text = Header + string.Concat(c.lines);
            var one = Read(text, new CdrReaderOptions { Threads = 1, ChunkBytes = c.chunk, DuplicateWindowDays = c.window });
            var many = Read(text, new CdrReaderOptions { Threads = c.threads, ChunkBytes = c.chunk, DuplicateWindowDays = c.window });
            Assert.Equal(one.Cdrs, many.Cdrs);
            Assert.Equal(one.Report.Duplicates, many.Report.Duplicates);
            Assert.Equal(one.Report.NotCheckedForDuplicates, many.Report.NotCheckedForDuplicates);
            AssertBalanced(many.Report);
            // A row is only ever dropped for an equal one that was kept.
            Assert.Equal(c.lines.Distinct().Count(), many.Cdrs.Distinct().Count());
            if (c.window is null) Assert.Equal(c.lines.Distinct().Count(), (int)many.Report.Accepted);
        });
    }

    [Fact]
    public void Days_before_the_window_are_freed_as_chunks_merge()
    {
        using var window = new DuplicateWindow(windowDays: 1, maxChunksInFlight: 4, expectedRows: 0);
        for (int day = 0; day < 20; day++)
        {
            long start = day * 86_400L + 10;
            window.Publish(day, start);
            Assert.Equal(day == 0 ? long.MinValue : day - 2, window.EarliestCheckedDay(day));
            var filter = window.FilterOf(window.DayOf(start));
            Assert.True(filter.TryAdd(DuplicateFilter.Normalize((ulong)day + 1)));
            // The same value every day: a day's filter reuses a retired day's memory, which must come back empty.
            Assert.True(filter.TryAdd(DuplicateFilter.Normalize(12345)));
            Assert.False(filter.TryAdd(DuplicateFilter.Normalize(12345)));
            window.Merged(start);
            Assert.InRange(window.LiveFilters, 1, 2);
        }
    }

    [Fact]
    public async Task A_chunk_waits_for_every_earlier_chunk_before_it_probes()
    {
        using var window = new DuplicateWindow(windowDays: 0, maxChunksInFlight: 4, expectedRows: 0);
        window.Publish(1, 5 * 86_400L); // chunk 1 is parsed first
        var waiting = Task.Run(() => window.EarliestCheckedDay(1));
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        window.Publish(0, 9 * 86_400L);
        Assert.Equal(9, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        window.Stop();
        Assert.Throws<OperationCanceledException>(() => window.EarliestCheckedDay(3));
    }

    [Property]
    public Property A_start_lies_within_the_seconds_of_its_day() =>
        Prop.ForAll(Gen.Choose(-400_000, 400_000).Select(x => (long)x * 7_919).ToArbitrary(), start =>
        {
            // Made per case: the property runs after this method has returned.
            using var window = new DuplicateWindow(windowDays: 1, maxChunksInFlight: 2, expectedRows: 0);
            var (first, last) = window.SecondsOf(window.DayOf(start));
            Assert.InRange(start, first, last);
            Assert.Equal(86_399, last - first);
        });

    [Fact]
    public void Days_before_1970_count_down()
    {
        using var window = new DuplicateWindow(windowDays: 1, maxChunksInFlight: 2, expectedRows: 0);
        Assert.Equal(-1, window.DayOf(-1));
        Assert.Equal(-1, window.DayOf(-86_400));
        Assert.Equal(-2, window.DayOf(-86_401));
        Assert.Equal(0, window.DayOf(86_399));
    }
}
