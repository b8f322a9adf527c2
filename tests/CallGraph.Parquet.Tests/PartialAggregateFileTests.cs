using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Parquet;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using global::Parquet;
using global::Parquet.Schema;

namespace CallGraph.Parquet.Tests;

/// <summary>A partial aggregate file gives back the aggregate and counts it was written from, and refuses what it cannot merge.</summary>
public class PartialAggregateFileTests
{
    /// <summary>2026-06-01 00:00, a Monday, on the dump's clock.</summary>
    private static readonly long Monday = CdrClock.FromDateTime(new DateTime(2026, 6, 1));

    private static readonly NumberPlan Plan = NumberPlan.Default;

    /// <summary>
    /// Rosters of a few groups (a number now and then on two of them) and CDRs among members and outsiders: mobiles,
    /// fixed lines with their leading 0, an international number, a service number; cell keys anywhere in 64 bits.
    /// </summary>
    private static (Roster Roster, List<Cdr> Cdrs) RandomWorld(int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(string, PhoneNumber)>();
        var everyone = new List<PhoneNumber>();
        ulong serial = 0;
        for (int g = 0, groups = rng.Next(1, 4); g < groups; g++)
            for (int i = 0, size = rng.Next(3, 15); i < size; i++)
            {
                var n = everyone.Count > 0 && rng.NextDouble() < 0.05 ? everyone[rng.Next(everyone.Count)] : PhoneNumber.FromDigits(11, 13800000000UL + ++serial);
                if (rows.Contains(($"G{g}", n))) continue;
                rows.Add(($"G{g}", n));
                everyone.Add(n);
            }
        everyone.AddRange(new[] { "01012345678", "0085298765432", "95588", "18912345678", "13900001111" }.Select(PhoneNumber.FromDigitString));
        var cells = Enumerable.Range(0, 5).Select(_ => (ulong)rng.NextInt64() * 2 + 1).Append(ulong.MaxValue).ToArray();
        var cdrs = new List<Cdr>();
        for (int i = 0, count = rng.Next(0, 400); i < count; i++)
        {
            var a = everyone[rng.Next(everyone.Count)];
            var b = everyone[rng.Next(everyone.Count)];
            if (a == b) continue;
            var type = rng.NextDouble() < 0.3 ? CdrType.Sms : CdrType.Voice;
            ulong cell = rng.NextDouble() < 0.2 ? 0 : cells[rng.Next(cells.Length)];
            cdrs.Add(new Cdr(a, b, Monday + rng.Next(0, 14 * 86400), type == CdrType.Sms ? 0 : rng.Next(0, 600), type, cell));
        }
        return (new Roster(rows), cdrs);
    }

    private static CallAggregate Aggregate(Roster roster, IEnumerable<Cdr> cdrs, AggregationOptions? options = null)
    {
        var aggregator = new CallAggregator(roster, options, Plan);
        var sink = aggregator.CreateSink();
        foreach (var c in cdrs) sink.Add(c);
        return aggregator.Complete();
    }

    /// <summary>Counts of a read that accepted <paramref name="accepted"/> rows, with a few of every other kind.</summary>
    private static IngestReport Report(long accepted, int seed)
    {
        var rng = new Random(seed);
        long badTime = rng.Next(0, 5), selfCall = rng.Next(0, 3), duplicates = rng.Next(0, 7), outside = rng.Next(0, 4);
        var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (badTime > 0) reasons["bad_time"] = badTime;
        if (selfCall > 0) reasons["self_call"] = selfCall;
        long rejected = badTime + selfCall;
        long? first = accepted > 0 ? Monday + rng.Next(0, 1000) : null, last = accepted > 0 ? Monday + 86400 * 13 : null;
        return new IngestReport(accepted + rejected + duplicates + outside, accepted, rejected, duplicates, rng.Next(0, 2), outside, reasons,
            first, last, 1234 + accepted, [new IngestFileReport("day.csv", accepted + rejected + duplicates + outside, accepted, rejected, duplicates, outside, 1234 + accepted)], TimeSpan.FromSeconds(3));
    }

    private static byte[] Write(CallAggregate aggregate, IngestReport report, AggregationOptions? options = null)
    {
        using var stream = new MemoryStream();
        PartialAggregateFile.Write(stream, aggregate, report, Plan, options ?? new AggregationOptions());
        return stream.ToArray();
    }

    private static (CallAggregate Aggregate, PartialAggregateInfo Info) Read(byte[] file, Roster roster, AggregationOptions? options = null)
    {
        var builder = new CallAggregateBuilder(roster);
        var info = PartialAggregateFile.Read(new MemoryStream(file), "part.cga", builder, PartialAggregateSettings.Of(roster, Plan, options ?? new AggregationOptions()));
        return (builder.Build(), info);
    }

    [Property]
    public Property Write_then_read_gives_the_same_aggregate_and_counts() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var (roster, cdrs) = RandomWorld(seed);
            var aggregate = Aggregate(roster, cdrs);
            var report = Report(cdrs.Count, seed);
            var (read, info) = Read(Write(aggregate, report), roster);
            var i = info.Ingest;
            return read.ContentEquals(aggregate) && read.CdrsSeen == aggregate.CdrsSeen && read.CdrsTouchingMembers == aggregate.CdrsTouchingMembers
                && (i.RowsRead, i.Accepted, i.Rejected, i.Duplicates, i.NotCheckedForDuplicates, i.OutsideWindow, i.FirstStart, i.LastStart, i.BytesRead)
                   == (report.RowsRead, report.Accepted, report.Rejected, report.Duplicates, report.NotCheckedForDuplicates, report.OutsideWindow, report.FirstStart, report.LastStart, report.BytesRead)
                && i.RejectsByReason.SequenceEqual(report.RejectsByReason);
        });

    [Property]
    public Property Files_of_shards_merge_into_the_aggregate_of_the_whole() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var (roster, cdrs) = RandomWorld(seed);
            var rng = new Random(seed);
            int shards = rng.Next(1, 5);
            var parts = Enumerable.Range(0, shards).Select(_ => new List<Cdr>()).ToArray();
            foreach (var c in cdrs) parts[rng.Next(shards)].Add(c);
            var builder = new CallAggregateBuilder(roster);
            var settings = PartialAggregateSettings.Of(roster, Plan, new AggregationOptions());
            long accepted = 0;
            foreach (var (part, k) in parts.Select((p, k) => (p, k)))
                accepted += PartialAggregateFile.Read(new MemoryStream(Write(Aggregate(roster, part), Report(part.Count, seed + k))), $"part{k}.cga", builder, settings).Ingest.Accepted;
            var merged = builder.Build();
            var whole = Aggregate(roster, cdrs);
            return merged.ContentEquals(whole) && merged.CdrsTouchingMembers == whole.CdrsTouchingMembers && accepted == cdrs.Count;
        });

    [Fact]
    public void Each_member_number_is_written_once_however_many_rosters_hold_it()
    {
        var shared = PhoneNumber.FromDigits(11, 13800000001);
        var other = PhoneNumber.FromDigits(11, 13900000009);
        var roster = new Roster([("A", shared), ("B", shared), ("B", PhoneNumber.FromDigits(11, 13800000002))]);
        // Tuesday 10:00, in working hours: one pair row, one cell row, one profile row (bin 10).
        var cdr = new Cdr(shared, other, Monday + 86400 + 10 * 3600, 60, CdrType.Voice, 77);
        var aggregate = Aggregate(roster, [cdr]);
        Assert.Equal(2, aggregate.PairCount); // one per roster line in memory
        var (read, info) = Read(Write(aggregate, Report(1, 1)), roster);
        Assert.Equal((1L, 1L, 1L), (info.PairRows, info.CellRows, info.ProfileRows));
        Assert.True(read.ContentEquals(aggregate));
        var p = Assert.Single(read.PairsOf(1).ToArray());
        Assert.Equal((1, 60L, 1, 1u << (77 & 31)), (p.OutCalls, p.Seconds, p.WorkHourEvents, p.CellBits));
    }

    [Fact]
    public void The_same_aggregate_gives_the_same_bytes()
    {
        var (roster, cdrs) = RandomWorld(7);
        var report = Report(cdrs.Count, 7);
        var shuffled = cdrs.OrderBy(_ => Guid.NewGuid()).ToList();
        Assert.Equal(Write(Aggregate(roster, cdrs), report), Write(Aggregate(roster, shuffled), report));
    }

    [Fact]
    public void A_file_made_under_other_settings_is_refused_naming_the_file_and_the_difference()
    {
        var (roster, cdrs) = RandomWorld(3);
        var file = Write(Aggregate(roster, cdrs, new AggregationOptions { WorkdayStartHour = 8, WorkdayEndHour = 17 }), Report(cdrs.Count, 3),
            new AggregationOptions { WorkdayStartHour = 8, WorkdayEndHour = 17 });
        var error = Assert.Throws<DataException>(() => Read(file, roster));
        Assert.StartsWith("part.cga: cannot merge: it was made with --workday 8-17, this run uses 9-18", error.Message);
        Assert.DoesNotContain('\n', error.Message);

        var otherRoster = new Roster([("A", PhoneNumber.FromDigits(11, 13700000001))]);
        var other = Assert.Throws<DataException>(() => Read(file, otherRoster, new AggregationOptions { WorkdayStartHour = 8, WorkdayEndHour = 17 }));
        Assert.Contains("made for another roster", other.Message);
    }

    [Fact]
    public void A_cut_or_foreign_file_is_one_line_naming_it()
    {
        var (roster, cdrs) = RandomWorld(5);
        var file = Write(Aggregate(roster, cdrs), Report(cdrs.Count, 5));
        foreach (var broken in new[] { file[..(file.Length / 2)], file[..^9], "caller,callee\n"u8.ToArray(), Array.Empty<byte>() })
        {
            var error = Assert.Throws<DataException>(() => Read(broken, roster));
            Assert.StartsWith("part.cga: ", error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    [Fact]
    public async Task A_Parquet_file_that_is_not_a_partial_aggregate_is_refused()
    {
        using var stream = new MemoryStream();
        var field = new DataField<string>("caller");
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(field, new[] { "13800000001" });
        }
        var (roster, _) = RandomWorld(1);
        var error = Assert.Throws<DataException>(() => Read(stream.ToArray(), roster));
        Assert.Equal("part.cga: not a partial aggregate: a Parquet file without the callgraph.format key (write one with `callgraph aggregate`)", error.Message);
    }
}
