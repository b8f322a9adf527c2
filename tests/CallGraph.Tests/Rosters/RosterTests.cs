using CallGraph.Numbers;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;

namespace CallGraph.Tests.Rosters;

public class RosterTests
{
    [Fact]
    public void Reading_reports_repeats_and_bad_rows_in_line_order_and_keeps_each_member_once()
    {
        var csv = "group_id,msisdn\n" +
                  "G2,13800000002\n" +
                  "G1,13800000001\n" +
                  "G2,13800000002\n" +      // repeat, line 4
                  "G1,not-a-number\n" +     // line 5
                  "G1,13800000003\n" +
                  "G2,+8613800000001\n" +   // the G1 number on a second roster
                  "G1,13800000001\n" +      // repeat, line 8
                  ",13800000009\n";         // line 9
        var roster = Roster.Read(new StringReader(csv), "members.csv", NumberPlan.Default);
        Assert.Equal(new long[] { 4, 5, 8, 9 }, roster.Issues.Select(i => i.Line));
        Assert.Equal("repeated on the same roster", roster.Issues[0].Reason);
        Assert.Equal("G2", roster.Issues[0].GroupId);
        Assert.Equal("repeated on the same roster", roster.Issues[2].Reason);
        Assert.Equal(new[] { "G1", "G2" }, roster.Groups.Select(g => g.GroupId));
        Assert.Equal(new[] { "13800000001", "13800000003" }, roster.Groups[0].Members.Select(m => m.ToString()));
        Assert.Equal(new[] { "13800000001", "13800000002" }, roster.Groups[1].Members.Select(m => m.ToString()));
        Assert.Equal(new[] { "13800000001" }, roster.NumbersOnSeveralRosters.Select(m => m.ToString()));
        var shared = PhoneNumber.FromDigitString("13800000001");
        Assert.Equal(0, roster.FirstEntryOf(shared));
        Assert.Equal(2, roster.NextEntryOfSameNumber(0));
        Assert.Equal(-1, roster.NextEntryOfSameNumber(2));
        Assert.Equal(2, roster.EntryOf(shared, 1));
    }

    [Fact]
    public void Entries_follow_group_id_then_number_order_like_sorted_sets() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var rng = new Random(seed);
            var pool = Enumerable.Range(0, 40).Select(i => rng.Next(3) switch
            {
                0 => PhoneNumber.FromDigits(11, 13800000000UL + (ulong)rng.Next(1_000_000)),
                1 => PhoneNumber.FromDigits(8, 20000000UL + (ulong)rng.Next(1_000_000)),
                _ => PhoneNumber.FromDigits(12, 10000000000UL + (ulong)rng.Next(1_000_000)),
            }).ToArray();
            var rows = Enumerable.Range(0, rng.Next(0, 200)).Select(_ => ($"G{rng.Next(12)}", pool[rng.Next(pool.Length)])).ToList();
            var roster = new Roster(rows);
            var expected = new SortedDictionary<string, SortedSet<PhoneNumber>>(StringComparer.Ordinal);
            foreach (var (g, n) in rows)
            {
                if (!expected.TryGetValue(g, out var set)) expected[g] = set = new SortedSet<PhoneNumber>();
                set.Add(n);
            }
            var several = rows.Select(r => r.Item2).Distinct().Where(n => expected.Values.Count(s => s.Contains(n)) > 1).OrderBy(n => n).ToArray();
            return roster.Groups.Select(g => g.GroupId).SequenceEqual(expected.Keys)
                && roster.Groups.Zip(expected.Values).All(p => p.First.Members.SequenceEqual(p.Second))
                && roster.NumbersOnSeveralRosters.SequenceEqual(several)
                && Enumerable.Range(0, roster.EntryCount).All(e => roster.EntryOf(roster.NumberOf(e), roster.GroupOf(e)) == e);
        }).QuickCheckThrowOnFailure();
}
