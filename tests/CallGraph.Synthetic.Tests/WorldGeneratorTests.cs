using System.Globalization;
using CallGraph.Numbers;
using CallGraph.Synthetic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Synthetic.Tests;

/// <summary>One small world shared by the tests that only read it.</summary>
public sealed class SmallWorldFixture
{
    public static readonly WorldOptions Options = new(Cdrs: 60_000, Seed: 42, BadRowRate: 0.002);

    public SmallWorldFixture()
    {
        Output = new MemoryWorldOutput();
        Summary = WorldGenerator.Write(Options, Output);
        Cdrs = Output.Rows("cdr.csv");
        Truth = Output.Rows("truth_members.csv");
        TruthGroups = Output.Rows("truth_groups.csv").ToDictionary(r => r[0], r => r);
    }

    internal MemoryWorldOutput Output { get; }
    public WorldSummary Summary { get; }
    public List<string[]> Cdrs { get; }
    public List<string[]> Truth { get; }
    public Dictionary<string, string[]> TruthGroups { get; }
}

public class WorldGeneratorTests(SmallWorldFixture world) : IClassFixture<SmallWorldFixture>
{
    private static readonly NumberPlan Plan = new(OperatorTable.BuiltIn);

    [Fact]
    public void Same_seed_gives_identical_bytes_in_every_file()
    {
        var options = new WorldOptions(Cdrs: 8_000, Seed: 7, Months: 2, Gzip: true, BadRowRate: 0.01);
        var a = new MemoryWorldOutput();
        var b = new MemoryWorldOutput();
        WorldGenerator.Write(options, a);
        WorldGenerator.Write(options, b);
        Assert.Equal(a.Files.Keys.Order(), b.Files.Keys.Order());
        foreach (var name in a.Files.Keys) Assert.True(a.Bytes(name).AsSpan().SequenceEqual(b.Bytes(name)), name);
    }

    [Fact]
    public void Bytes_do_not_depend_on_how_many_days_are_generated_at_once()
    {
        var options = new WorldOptions(Cdrs: 20_000, Seed: 8, Gzip: true, BadRowRate: 0.01);
        var one = new MemoryWorldOutput();
        var three = new MemoryWorldOutput();
        WorldGenerator.Write(options, one, null, threads: 1);
        WorldGenerator.Write(options, three, null, threads: 3);
        Assert.True(one.Bytes("cdr.csv.gz").AsSpan().SequenceEqual(three.Bytes("cdr.csv.gz")));
        Assert.Equal(one.Text("world.json"), three.Text("world.json"));
    }

    [Fact]
    public void Different_seed_gives_a_different_world()
    {
        var a = new MemoryWorldOutput();
        var b = new MemoryWorldOutput();
        WorldGenerator.Write(new WorldOptions(5_000, 1), a);
        WorldGenerator.Write(new WorldOptions(5_000, 2), b);
        Assert.False(a.Bytes("cdr.csv").AsSpan().SequenceEqual(b.Bytes("cdr.csv")));
        Assert.NotEqual(a.Text("members.csv"), b.Text("members.csv"));
    }

    [Fact]
    public void Writes_the_header_and_exactly_the_requested_rows()
    {
        Assert.Equal("caller,callee,start_time,duration_s,type,cell_id", world.Output.Lines("cdr.csv")[0]);
        Assert.Equal(SmallWorldFixture.Options.Cdrs, world.Cdrs.Count);
        Assert.Equal(world.Cdrs.Count, world.Summary.Rows);
    }

    [Fact]
    public void Duplicates_are_exactly_the_planted_ones()
    {
        var lines = world.Output.Lines("cdr.csv").Skip(1).ToList();
        int repeatsOfPrevious = 0;
        for (int i = 1; i < lines.Count; i++) if (lines[i] == lines[i - 1]) repeatsOfPrevious++;
        Assert.Equal(60, world.Summary.DuplicateRows);
        Assert.Equal(world.Summary.DuplicateRows, repeatsOfPrevious);
        // No accidental duplicates anywhere else in the dump.
        Assert.Equal(lines.Count - world.Summary.DuplicateRows, lines.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Malformed_rows_are_counted_exactly_and_everything_else_is_well_formed()
    {
        int bad = world.Cdrs.Count(r => !IsWellFormed(r));
        Assert.Equal(120, world.Summary.BadRows);
        Assert.Equal(world.Summary.BadRows, bad);
        Assert.Equal(world.Summary.BadRows, world.Summary.BadRowsByReason.Values.Sum());
        Assert.Contains("\"bad_rows\": 120", world.Output.Text("world.json"));
    }

    [Fact]
    public void Every_recorded_call_has_a_home_network_party()
    {
        foreach (var row in world.Cdrs.Where(IsWellFormed))
        {
            var caller = Plan.Describe(NumberNormalizer.Normalize(row[0]));
            var callee = Plan.Describe(NumberNormalizer.Normalize(row[1]));
            Assert.True(caller.Network == Network.OnNet || callee.Network == Network.OnNet, string.Join(',', row));
            Assert.NotEqual(row[0], row[1]); // no self calls: a reader rejects them
        }
    }

    [Fact]
    public void Rows_fall_inside_the_month_with_valid_types_durations_and_cells()
    {
        foreach (var row in world.Cdrs.Where(IsWellFormed))
        {
            var t = DateTime.ParseExact(row[2], "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            Assert.InRange(t, new DateTime(2026, 6, 1), new DateTime(2026, 6, 30, 23, 59, 59));
            Assert.StartsWith("46000-", row[5]);
            if (row[4] == "sms") Assert.Equal("0", row[3]);
            else Assert.InRange(int.Parse(row[3], CultureInfo.InvariantCulture), 1, 7200);
        }
    }

    [Fact]
    public void Every_roster_row_has_exactly_one_truth_row()
    {
        var roster = world.Output.Rows("members.csv").Select(r => (r[0], r[1])).ToList();
        var truth = world.Truth.Select(r => (r[0], r[1])).ToList();
        Assert.Equal(roster, truth);
        Assert.Equal(roster.Count, roster.Distinct().Count());
        Assert.All(world.Truth, r => Assert.Contains(r[2] + "/" + r[3], new[] { "genuine/employee", "genuine/field_staff", "fake/dormant", "fake/relative", "fake/outsider" }));
        Assert.Equal(world.Summary.RosterRows, roster.Count);
        Assert.Equal(world.Summary.FakeMembers, world.Truth.Count(r => r[2] == "fake"));
    }

    [Fact]
    public void Roster_members_are_on_net_mobiles_and_competitors_are_not()
    {
        foreach (var r in world.Truth)
            Assert.Equal("cmcc", OperatorTable.BuiltIn.LookupName(NumberNormalizer.Normalize(r[1])));
        foreach (var r in world.Output.Rows("truth_competitors.csv"))
        {
            string op = OperatorTable.BuiltIn.LookupName(NumberNormalizer.Normalize(r[1]));
            Assert.Equal(r[2], op); // drawn from non-MVNO segments of the stated operator
            Assert.Contains(op, new[] { "cucc", "ctcc" });
        }
        foreach (var r in world.Output.Rows("truth_potential_members.csv"))
            Assert.Equal("cmcc", OperatorTable.BuiltIn.LookupName(NumberNormalizer.Normalize(r[1])));
    }

    [Fact]
    public void Fake_share_stays_within_the_planted_range()
    {
        var byGroup = world.Truth.GroupBy(r => r[0]);
        foreach (var g in byGroup)
        {
            int roster = g.Count(), fakes = g.Count(r => r[2] == "fake");
            // Planted share is at most 25%; rounding and the odd second-roster number add a little.
            if (roster >= 20) Assert.InRange((double)fakes / roster, 0, 0.32);
        }
        double overall = (double)world.Summary.FakeMembers / world.Summary.RosterRows;
        Assert.InRange(overall, 0.05, 0.2);
        Assert.True(world.Truth.Any(r => r[3] == "relative") && world.Truth.Any(r => r[3] == "dormant") && world.Truth.Any(r => r[3] == "outsider"));
    }

    [Fact]
    public void Some_numbers_sit_on_two_rosters()
    {
        var groupsPerNumber = world.Truth.GroupBy(r => r[1]).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(groupsPerNumber);
        // One of the two rows is genuine (the real employer), the other a fake with no ties.
        Assert.All(groupsPerNumber, g => Assert.Equal(1, g.Count(r => r[2] == "genuine")));
    }

    [Fact]
    public void Truth_groups_add_up()
    {
        var rosterByGroup = world.Truth.GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.ToList());
        var competitors = world.Output.Rows("truth_competitors.csv").GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (id, row) in world.TruthGroups)
        {
            int roster = int.Parse(row[1], CultureInfo.InvariantCulture), employees = int.Parse(row[2], CultureInfo.InvariantCulture);
            int onnet = int.Parse(row[3], CultureInfo.InvariantCulture), comp = int.Parse(row[4], CultureInfo.InvariantCulture), genuine = int.Parse(row[5], CultureInfo.InvariantCulture);
            Assert.Equal(employees, onnet + comp);
            Assert.Equal(roster, rosterByGroup.GetValueOrDefault(id)?.Count ?? 0);
            Assert.Equal(genuine, rosterByGroup.GetValueOrDefault(id)?.Count(r => r[2] == "genuine") ?? 0);
            Assert.Equal(comp, competitors.GetValueOrDefault(id));
            double share = double.Parse(row[6], CultureInfo.InvariantCulture);
            Assert.Equal((double)genuine / (genuine + comp), share, 4);
        }
    }

    [Fact]
    public void About_two_percent_of_groups_are_too_small_to_score()
    {
        var output = new MemoryWorldOutput();
        WorldGenerator.Write(new WorldOptions(Cdrs: 1_000, Seed: 11, Groups: 500), output);
        var sizes = output.Rows("truth_groups.csv").Select(r => int.Parse(r[2], CultureInfo.InvariantCulture)).ToList();
        int small = sizes.Count(s => s < 10);
        Assert.InRange(small, 3, 25);
        Assert.All(sizes, s => Assert.InRange(s, 5, 3000));
        Assert.InRange(sizes.Order().ElementAt(sizes.Count / 2), 28, 44); // median near 35
    }

    [Fact]
    public void Survey_covers_a_few_scored_groups_with_headcounts_near_the_truth()
    {
        var survey = world.Output.Rows("survey.csv");
        int scored = world.TruthGroups.Values.Count(r => int.Parse(r[1], CultureInfo.InvariantCulture) >= 10);
        Assert.Equal(scored, world.Summary.ScoredGroups);
        Assert.InRange(survey.Count, Math.Min(5, scored), Math.Max(5, scored / 5));
        foreach (var row in survey)
        {
            var truth = world.TruthGroups[row[0]];
            Assert.True(int.Parse(truth[1], CultureInfo.InvariantCulture) >= 10, "survey only on scored groups");
            int real = int.Parse(truth[4], CultureInfo.InvariantCulture), surveyed = int.Parse(row[1], CultureInfo.InvariantCulture);
            Assert.InRange(surveyed, Math.Floor(real * 0.95) - 1, Math.Ceiling(real * 1.05) + 1);
        }
    }

    [Fact]
    public void Service_numbers_and_fixed_lines_appear_in_the_dump()
    {
        var classes = world.Cdrs.Where(IsWellFormed)
            .SelectMany(r => new[] { r[0], r[1] })
            .Select(n => NumberNormalizer.Classify(NumberNormalizer.Normalize(n)))
            .ToHashSet();
        Assert.Contains(NumberClass.Service, classes);
        Assert.Contains(NumberClass.Fixed, classes);
        Assert.Contains(world.Output.Rows("truth_partners.csv"), r => r[2] is "fixed" or "service");
    }

    [Fact]
    public void Genuine_members_work_in_working_hours_with_colleagues_and_fakes_do_not()
    {
        // The ground truth must carry the signal the analysis looks for.
        var rosterOf = world.Truth.GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.Select(r => r[1]).ToHashSet());
        var groupOf = new Dictionary<string, string>();
        foreach (var r in world.Truth) groupOf.TryAdd(r[1], r[0]);
        var colleagues = new Dictionary<string, HashSet<string>>();
        var work = new Dictionary<string, (int Work, int All)>();
        foreach (var row in world.Cdrs.Where(IsWellFormed))
        {
            var t = DateTime.ParseExact(row[2], "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            bool inWork = t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && t.Hour is >= 9 and < 18;
            foreach (var (self, other) in new[] { (row[0], row[1]), (row[1], row[0]) })
            {
                if (!groupOf.TryGetValue(self, out var g)) continue;
                var w = work.GetValueOrDefault(self);
                work[self] = (w.Work + (inWork ? 1 : 0), w.All + 1);
                if (rosterOf[g].Contains(other)) (colleagues.TryGetValue(self, out var set) ? set : colleagues[self] = new()).Add(other);
            }
        }
        double Mean(string kind, Func<string, double> f)
        {
            var xs = world.Truth.Where(r => r[3] == kind && groupOf[r[1]] == r[0]).Select(r => f(r[1])).ToList();
            return xs.Count == 0 ? double.NaN : xs.Average();
        }
        double WorkShare(string n) => work.TryGetValue(n, out var w) && w.All > 0 ? (double)w.Work / w.All : 0;
        double Colleagues(string n) => colleagues.TryGetValue(n, out var s) ? s.Count : 0;
        Assert.True(Mean("employee", WorkShare) > 0.55);
        Assert.True(Mean("relative", WorkShare) < 0.35);
        Assert.True(Mean("outsider", WorkShare) < 0.5);
        Assert.True(Mean("employee", Colleagues) > 4);
        Assert.True(Mean("outsider", Colleagues) < 0.5);
        Assert.True(Mean("dormant", n => work.TryGetValue(n, out var w) ? w.All : 0) <= 3);
    }

    [Fact]
    public void Months_bring_poaching_with_recorded_migrations()
    {
        var output = new MemoryWorldOutput();
        var summary = WorldGenerator.Write(new WorldOptions(Cdrs: 40_000, Seed: 3, Months: 3, Groups: 40), output);
        var migrations = output.Rows("truth_migrations.csv");
        Assert.NotEmpty(migrations);
        Assert.Equal(summary.Migrations, migrations.Count);
        var months = output.Rows("truth_group_months.csv");
        Assert.Equal(3 * 40, months.Count);
        Assert.Equal(new[] { "2026-06", "2026-07", "2026-08" }, months.Select(r => r[0]).Distinct());
        var lines = output.Lines("cdr.csv").Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var m in migrations)
        {
            Assert.Equal("cmcc", OperatorTable.BuiltIn.LookupName(NumberNormalizer.Normalize(m[1])));
            Assert.Equal(m[3], OperatorTable.BuiltIn.LookupName(NumberNormalizer.Normalize(m[2])));
            string moveMonth = m[4].Replace("-", "", StringComparison.Ordinal);
            // The new line only speaks from the move month on; the old line goes nearly quiet then.
            var newLine = lines.Where(r => r[0] == m[2] || r[1] == m[2]).ToList();
            Assert.All(newLine, r => Assert.True(string.CompareOrdinal(r[2][..6], moveMonth) >= 0));
            int oldBefore = lines.Count(r => (r[0] == m[1] || r[1] == m[1]) && string.CompareOrdinal(r[2][..6], moveMonth) < 0);
            int oldAfter = lines.Count(r => (r[0] == m[1] || r[1] == m[1]) && string.CompareOrdinal(r[2][..6], moveMonth) >= 0);
            int monthsBefore = int.Parse(m[4][5..], CultureInfo.InvariantCulture) - 6, monthsAfter = 3 - monthsBefore;
            Assert.True(oldAfter / (double)monthsAfter < 0.25 * oldBefore / monthsBefore + 2, $"{m[1]}: {oldBefore} before, {oldAfter} after");
        }
        // Market share falls in a poached group.
        string poached = migrations[0][0];
        var shares = months.Where(r => r[1] == poached).Select(r => double.Parse(r[7], CultureInfo.InvariantCulture)).ToList();
        Assert.True(shares[^1] < shares[0]);
    }

    [Fact]
    public void Group_count_follows_the_row_count_unless_given()
    {
        var derived = WorldGenerator.Write(new WorldOptions(Cdrs: 200_000, Seed: 1, Groups: null), new CountingWorldOutput());
        Assert.InRange(derived.Groups, 20, 40);
        var given = WorldGenerator.Write(new WorldOptions(Cdrs: 1_000, Seed: 1, Groups: 12), new MemoryWorldOutput());
        Assert.Equal(12, given.Groups);
    }

    [Fact]
    public void A_million_rows_stream_without_a_string_per_row()
    {
        var output = new CountingWorldOutput();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var summary = WorldGenerator.Write(new WorldOptions(Cdrs: 1_000_000, Seed: 5), output, null, threads: 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000_000, summary.Rows);
        long written = output.Files["cdr.csv"].Written;
        Assert.True(written > 50_000_000, $"{written} bytes");
        // The population and a day's duplicate guard are allocated; the rows themselves are not.
        Assert.True(allocated < written / 2, $"allocated {allocated:N0} bytes for {written:N0} bytes of CDRs");
    }

    [Property]
    public Property Row_count_and_duplicates_are_exact_for_any_size_and_rate()
    {
        var sizes = Gen.Choose(0, 2_500);
        var rates = Gen.Elements(0.0, 0.001, 0.01, 0.2, 0.5);
        return Prop.ForAll(Arb.From(Gen.Zip(sizes, Gen.Zip(rates, rates))), input =>
        {
            var (cdrs, (dupRate, badRate)) = input;
            var output = new MemoryWorldOutput();
            var summary = WorldGenerator.Write(new WorldOptions(cdrs, (ulong)cdrs, Groups: 3, DuplicateRate: dupRate, BadRowRate: badRate), output);
            var lines = output.Lines("cdr.csv").Skip(1).ToList();
            int repeats = 0;
            for (int i = 1; i < lines.Count; i++) if (lines[i] == lines[i - 1]) repeats++;
            int bad = lines.Count(l => !IsWellFormed(l.Split(',')));
            return lines.Count == cdrs && summary.Rows == cdrs && repeats == summary.DuplicateRows && bad == summary.BadRows
                && summary.DuplicateRows + summary.BadRows <= cdrs;
        });
    }

    [Property]
    public Property Keyed_permutation_is_a_bijection()
    {
        return Prop.ForAll(Arb.From(Gen.Choose(1, 3_000)), Arb.From(Gen.Choose(0, int.MaxValue)), (size, key) =>
        {
            var permutation = new KeyedPermutation((ulong)size, (ulong)key);
            var seen = new bool[size];
            for (ulong i = 0; i < (ulong)size; i++)
            {
                ulong v = permutation[i];
                if (v >= (ulong)size || seen[v]) return false;
                seen[v] = true;
            }
            return true;
        });
    }

    [Property]
    public Property Apportion_splits_the_total_exactly()
    {
        return Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), Arb.From(Gen.Choose(1, 90)), (total, days) =>
        {
            var weights = Enumerable.Range(0, days).Select(d => d % 7 >= 5 ? 0.5 : 1.0).ToArray();
            var parts = EventGenerator.Apportion(total, weights);
            return parts.Sum() == total && parts.All(p => p >= 0) && parts.Max() - parts.Min() <= total / (double)days + 2;
        });
    }

    [Fact]
    public void Months_are_whole_periods_from_any_start_day()
    {
        var output = new MemoryWorldOutput();
        WorldGenerator.Write(new WorldOptions(Cdrs: 3_000, Seed: 4, Months: 2, Start: new DateOnly(2026, 1, 31)), output);
        var times = output.Rows("cdr.csv").Select(r => r[2]).ToList();
        Assert.Equal("20260131", times.Min(StringComparer.Ordinal)![..8]);
        Assert.True(string.CompareOrdinal(times.Max(StringComparer.Ordinal), "20260331") < 0); // Jan 31 + 2 months, exclusive
        Assert.Equal(new[] { "2026-01", "2026-02" }, output.Rows("truth_group_months.csv").Select(r => r[0]).Distinct());
    }

    [Fact]
    public void Zero_rows_still_write_a_complete_world()
    {
        var output = new MemoryWorldOutput();
        var summary = WorldGenerator.Write(new WorldOptions(Cdrs: 0, Seed: 1), output);
        Assert.Equal(new[] { CdrRowWriterHeader }, output.Lines("cdr.csv"));
        Assert.True(summary.RosterRows > 0);
        Assert.Equal(summary.Files.Order(), output.Files.Keys.Order());
    }

    private const string CdrRowWriterHeader = "caller,callee,start_time,duration_s,type,cell_id";

    [Fact]
    public void Rejects_options_out_of_range()
    {
        Assert.Throws<ArgumentException>(() => WorldGenerator.Write(new WorldOptions(-1, 1), new MemoryWorldOutput()));
        Assert.Throws<ArgumentException>(() => WorldGenerator.Write(new WorldOptions(10, 1, Months: 0), new MemoryWorldOutput()));
        Assert.Throws<ArgumentException>(() => WorldGenerator.Write(new WorldOptions(10, 1, DuplicateRate: 0.9), new MemoryWorldOutput()));
    }

    /// <summary>A strict check of the contract: 6 fields, mobile/fixed/service digits, a real timestamp, voice|sms.</summary>
    private static bool IsWellFormed(string[] r)
    {
        if (r.Length != 6) return false;
        if (!NumberNormalizer.TryNormalize(r[0].AsSpan(), out _, out _) || !NumberNormalizer.TryNormalize(r[1].AsSpan(), out _, out _)) return false;
        if (!DateTime.TryParseExact(r[2], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return false;
        if (!int.TryParse(r[3], NumberStyles.None, CultureInfo.InvariantCulture, out _)) return false;
        return r[4] is "voice" or "sms";
    }
}
