using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using CallGraph.Csv;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

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

    [Property]
    public Property Entries_follow_group_id_then_number_order_like_sorted_sets() =>
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
        });

    /// <summary>Reading a roster as it was done line by line: rows from the reference splitter, repeats found in line order.</summary>
    private static (List<RosterIssue> Issues, SortedDictionary<string, SortedSet<PhoneNumber>> Groups) ReferenceRead(string text, string sourceName, NumberPlan plan)
    {
        var issues = new List<RosterIssue>();
        var groups = new SortedDictionary<string, SortedSet<PhoneNumber>>(StringComparer.Ordinal);
        int groupCol = -1, numberCol = -1;
        // Records by the one CSV rule (CsvTableTests prove it); the roster logic below is the reference.
        foreach (var (recordLine, fields) in CsvTable.Records(new StringReader(text), sourceName))
        {
            int line = (int)recordLine;
            if (groupCol < 0)
            {
                for (int i = 0; i < fields.Count; i++)
                {
                    string h = fields[i].Trim().ToLowerInvariant();
                    if (h == "group_id") groupCol = i;
                    else if (h is "msisdn" or "number" or "member") numberCol = i;
                }
                string[] missing = [.. groupCol < 0 ? ["group_id"] : Array.Empty<string>(), .. numberCol < 0 ? ["msisdn"] : Array.Empty<string>()];
                if (missing.Length > 0)
                    throw new DataException(sourceName, line, 0, $"roster header lacks column{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)} (expected group_id,msisdn)");
                continue;
            }
            if (fields.Count <= Math.Max(groupCol, numberCol))
            {
                issues.Add(new RosterIssue(sourceName, line, fields.Count > groupCol ? fields[groupCol] : "", "", $"expected at least {Math.Max(groupCol, numberCol) + 1} fields"));
                continue;
            }
            string group = fields[groupCol].Trim();
            string raw = fields[numberCol];
            if (group.Length == 0) { issues.Add(new RosterIssue(sourceName, line, group, raw, "empty group_id")); continue; }
            if (!NumberNormalizer.TryNormalize(raw.AsSpan(), out var number, out var error))
            {
                issues.Add(new RosterIssue(sourceName, line, group, raw, $"unparsable number ({error})"));
                continue;
            }
            var info = plan.Describe(number);
            if (info.Class is not (NumberClass.Mobile or NumberClass.Fixed))
            {
                issues.Add(new RosterIssue(sourceName, line, group, raw, $"{info.Class.ToString().ToLowerInvariant()} number cannot be a member"));
                continue;
            }
            if (!groups.TryGetValue(group, out var members)) groups[group] = members = new SortedSet<PhoneNumber>();
            if (!members.Add(number)) issues.Add(new RosterIssue(sourceName, line, group, raw, "repeated on the same roster"));
        }
        if (groupCol < 0) throw new DataException(sourceName, 0, 0, "empty file: no header line (a roster file starts with group_id,msisdn)");
        return (issues, groups);
    }

    private static readonly string[] Headers =
        ["group_id,msisdn", "\uFEFFgroup_id,msisdn", " Group_ID ,Number,extra", "msisdn,note,GROUP_ID", "member,group_id", "group,msisdn", ""];

    private static readonly string[] Groups = ["G1", "G2", "G10", " G2 ", "\"G,3\"", "", "组1"];

    private static readonly string[] Numbers =
        ["13800000001", "13800000002", "+8613800000001", "8613800000002", "0086 138-0000-0003", "02012345678", "2012345678",
         "10086", "95588", "4001234567", "abc", "", "1234567890123456789", "\"13800000004\"", " 13800000005 ", "00441234567"];

    private static Gen<string> RosterTexts() =>
        from header in Gen.Elements(Headers)
        from rows in (from g in Gen.Elements(Groups)
                      from n in Gen.Elements(Numbers)
                      from shape in Gen.Choose(0, 9)
                      select shape switch { 0 => g, 1 => "", 2 => $"{g},{n},x", _ => $"{g},{n}" }).ListOf()
        from sorted in Gen.Elements(false, true)
        from newline in Gen.Elements("\n", "\r\n", "\r")
        select header + newline + string.Join(newline, sorted ? rows.Order(StringComparer.Ordinal) : rows) + (rows.Count % 2 == 0 ? newline : "");

    [Property]
    public Property Reading_matches_the_line_by_line_reference_including_issue_texts() =>
        Prop.ForAll(Arb.From(RosterTexts()), text =>
        {
            var plan = NumberPlan.Default;
            (List<RosterIssue> Issues, SortedDictionary<string, SortedSet<PhoneNumber>> Groups) expected;
            try
            {
                expected = ReferenceRead(text, "m.csv", plan);
            }
            catch (DataException e)
            {
                var thrown = Assert.Throws<DataException>(() => Roster.Read(new StringReader(text), "m.csv", plan));
                return thrown.Message == e.Message && thrown.Line == e.Line && thrown.Column == e.Column;
            }
            var roster = Roster.Read(new StringReader(text), "m.csv", plan);
            var several = expected.Groups.Values.SelectMany(s => s).GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToArray();
            return roster.Issues.SequenceEqual(expected.Issues)
                && roster.Groups.Select(g => g.GroupId).SequenceEqual(expected.Groups.Keys)
                && roster.Groups.Zip(expected.Groups.Values).All(p => p.First.Members.SequenceEqual(p.Second))
                && roster.NumbersOnSeveralRosters.SequenceEqual(several)
                && Enumerable.Range(0, roster.EntryCount).All(e => roster.EntryOf(roster.NumberOf(e), roster.GroupOf(e)) == e);
        });

    private static readonly string[] GroupHeaders =
        ["group_id,name,branch,account_manager,industry", "\uFEFFname, GROUP_ID ,branch", "group_id", "id,name", ""];

    [Property]
    public Property Reading_groups_matches_the_line_by_line_reference() =>
        Prop.ForAll(Arb.From(from header in Gen.Elements(GroupHeaders)
                             from body in Gen.Elements("G1", "G2", " Acme ", "\"A, B\"", ",", ",", "\n", "\r\n", "北京").ArrayOf().Select(string.Concat)
                             select header + "\n" + body), text =>
        {
            Dictionary<string, GroupInfo> expected;
            try
            {
                expected = ReferenceGroups(text, "g.csv");
            }
            catch (DataException e)
            {
                var thrown = Assert.Throws<DataException>(() => Roster.ReadGroups(new StringReader(text), "g.csv"));
                return thrown.Message == e.Message;
            }
            var actual = Roster.ReadGroups(new StringReader(text), "g.csv");
            return actual.Count == expected.Count && expected.All(p => actual.TryGetValue(p.Key, out var info) && info == p.Value);
        });

    private static Dictionary<string, GroupInfo> ReferenceGroups(string text, string sourceName)
    {
        var result = new Dictionary<string, GroupInfo>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        int[]? cols = null;
        foreach (var (line, fields) in CsvTable.Records(new StringReader(text), sourceName))
        {
            if (cols is null)
            {
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                var found = new[] { "group_id", "name", "branch", "account_manager", "industry" }.Select(n => names.IndexOf(n)).ToArray();
                cols = found;
                string[] missing = new[] { "group_id", "name", "branch", "account_manager" }.Where((_, r) => found[r] < 0).ToArray();
                if (missing.Length > 0)
                    throw new DataException(sourceName, line, 0,
                        $"groups header lacks column{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)} (expected group_id,name,branch,account_manager,industry)");
                continue;
            }
            string Get(int c) => cols[c] >= 0 && cols[c] < fields.Count ? fields[cols[c]].Trim() : "";
            string id = Get(0);
            if (id.Length == 0) throw new DataException(sourceName, line, cols[0] + 1, "empty group_id");
            // A group_id given twice is an error naming both lines (issue 13, W5).
            if (!firstLine.TryAdd(id, line)) throw new DataException(sourceName, line, cols[0] + 1, $"group {id} already given on line {firstLine[id]}");
            result[id] = new GroupInfo(id, Get(1), Get(2), Get(3), Get(4));
        }
        if (cols is null) throw new DataException(sourceName, 0, 0, "empty file: no header line (a groups file starts with group_id,name,branch,account_manager,industry)");
        return result;
    }
}
