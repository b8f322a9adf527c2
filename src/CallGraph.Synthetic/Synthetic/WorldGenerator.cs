using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CallGraph.Numbers;

namespace CallGraph.Synthetic;

/// <summary>
/// Generates a deterministic synthetic operator world with ground truth: group rosters with planted fake
/// members, competitor-network employees, potential members, a survey, and a CDR dump of exactly the
/// requested size that only holds calls with at least one home-network (cmcc) party.
/// </summary>
public static class WorldGenerator
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <summary>
    /// Builds the world for <paramref name="options"/> and writes all its files to <paramref name="output"/>.
    /// Streams the CDRs: memory grows with the population, not with the row count.
    /// </summary>
    /// <param name="options">What to generate.</param>
    /// <param name="output">Receives one stream per file.</param>
    /// <param name="progress">Optional: CDR rows written so far, reported after each day (on the calling thread).</param>
    public static WorldSummary Write(WorldOptions options, IWorldOutput output, IProgress<long>? progress = null) =>
        Write(options, output, progress, Environment.ProcessorCount);

    /// <summary>As the public overload, with the number of days generated at once (the bytes do not depend on it).</summary>
    internal static WorldSummary Write(WorldOptions options, IWorldOutput output, IProgress<long>? progress, int threads)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        var world = World.Build(options);
        var files = new List<string>();

        void Text(string name, Action<TextWriter> write)
        {
            using var stream = output.Create(name);
            using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16) { NewLine = "\n" };
            write(writer);
            files.Add(name);
        }

        Text(WorldFiles.Prefixes, w => OperatorTable.WritePrefixes(w, BuiltInPrefixes.Rows));
        Text(WorldFiles.Groups, w => WriteGroups(w, world));
        var roster = RosterRows(world);
        Text(WorldFiles.Members, w => WriteRoster(w, roster.Select(r => (r.Group.Id, Msisdn(world, r.Person)))));
        Text(WorldFiles.Survey, w => WriteSurvey(w, world.Groups.Where(g => g.SurveyedCompetitors >= 0).Select(g => (g.Id, g.SurveyedCompetitors))));
        Text(WorldFiles.TruthMembers, w =>
        {
            w.Write("group_id,msisdn,label,kind\n");
            foreach (var r in roster) w.Write($"{r.Group.Id},{Msisdn(world, r.Person)},{(r.Genuine ? "genuine" : "fake")},{r.Kind}\n");
        });
        Text(WorldFiles.TruthCompetitors, w => WriteEmployees(w, world, "group_id,msisdn,operator", (a, party) => party != Party.Cmcc, withOperator: true));
        Text(WorldFiles.TruthPotentialMembers, w => WriteEmployees(w, world, "group_id,msisdn", (a, party) => party == Party.Cmcc && !a.OnRoster, withOperator: false));
        Text(WorldFiles.TruthPartners, w => WritePartners(w, world));
        Text(WorldFiles.TruthGroups, w => WriteGroupTruth(w, world));
        if (options.Months > 1)
        {
            Text(WorldFiles.TruthGroupMonths, w => WriteGroupMonths(w, world));
            Text(WorldFiles.TruthMigrations, w => WriteMigrations(w, world));
        }

        string cdrName = options.Gzip ? WorldFiles.GzipCdr : WorldFiles.Cdr;
        EventGenerator.Counts counts;
        using (var stream = output.Create(cdrName))
        {
            Stream target = options.Gzip ? new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true) : stream;
            try
            {
                counts = new EventGenerator(world).Write(new FixedBlockStream(target), progress, threads);
            }
            finally
            {
                if (options.Gzip) target.Dispose();
            }
        }
        files.Add(cdrName);

        var badByReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (BadRowReason reason in Enum.GetValues<BadRowReason>()) badByReason[ReasonName(reason)] = counts.BadByReason[(int)reason];
        files.Add(WorldFiles.WorldJson);
        var summary = new WorldSummary(
            Rows: counts.Rows,
            DuplicateRows: counts.Duplicates,
            BadRows: counts.Bad,
            BadRowsByReason: badByReason,
            Groups: world.Groups.Length,
            ScoredGroups: world.Groups.Count(g => g.Scored),
            RosterRows: roster.Count,
            FakeMembers: roster.Count(r => !r.Genuine),
            CompetitorEmployees: world.Groups.Sum(g => g.CompetitorEmployees),
            PotentialMembers: world.Groups.Sum(g => g.OnNetEmployees) - world.Groups.Sum(g => g.GenuineOnRoster),
            Migrations: world.Migrations.Count,
            SurveyGroups: world.Groups.Count(g => g.SurveyedCompetitors >= 0),
            Files: files);
        using (var stream = output.Create(WorldFiles.WorldJson)) WriteWorldJson(stream, options, world, summary, roster);
        return summary;
    }

    private sealed record RosterRow(Group Group, int Person, bool Genuine, string Kind);

    private static List<RosterRow> RosterRows(World world)
    {
        var rows = new List<RosterRow>();
        var numbers = world.Numbers;
        foreach (var group in world.Groups)
        {
            int first = rows.Count;
            for (int i = group.ActorStart; i < group.ActorEnd; i++)
            {
                var a = world.Actors[i];
                if (!a.OnRoster) continue;
                rows.Add(new RosterRow(group, i, a.Role is ActorRole.Employee or ActorRole.FieldStaff, KindName(a.Role)));
            }
            // Someone else's employee also listed here: no tie to this group at all.
            foreach (int person in group.ExtraRoster) rows.Add(new RosterRow(group, person, false, KindName(ActorRole.Outsider)));
            rows.Sort(first, rows.Count - first, Comparer<RosterRow>.Create((a, b) => new PhoneNumber(numbers[a.Person]).CompareTo(new PhoneNumber(numbers[b.Person]))));
        }
        return rows;
    }

    private static string KindName(ActorRole role) => role switch
    {
        ActorRole.Employee => "employee",
        ActorRole.FieldStaff => "field_staff",
        ActorRole.Dormant => "dormant",
        ActorRole.Relative => "relative",
        _ => "outsider",
    };

    private static string ReasonName(BadRowReason reason) => reason switch
    {
        BadRowReason.EmptyCaller => "empty_caller",
        BadRowReason.CallerNotDigits => "caller_not_digits",
        BadRowReason.CalleeTooLong => "callee_too_long",
        BadRowReason.BadStartTime => "bad_start_time",
        BadRowReason.BadDuration => "bad_duration",
        BadRowReason.BadType => "bad_type",
        _ => "missing_fields",
    };

    private static string Msisdn(World world, int person) => new PhoneNumber(world.Numbers[person]).ToString();

    private static string MonthLabel(World world, int month) =>
        world.Options.FirstDay.AddMonths(month).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Share(int genuine, int competitors) =>
        genuine + competitors == 0 ? "" : ((double)genuine / (genuine + competitors)).ToString("0.0000", CultureInfo.InvariantCulture);

    private static void WriteGroups(TextWriter w, World world)
    {
        using var row = Rosters.GroupInfoFile.Contract.Write(w);
        foreach (var g in world.Groups)
        {
            row.Field(g.Id); row.Field(g.Name); row.Field(g.Branch); row.Field(g.Manager); row.Field(g.Industry);
            row.EndRow();
        }
    }

    /// <summary>A roster file (<see cref="Rosters.RosterFile"/>) of (group, number) rows.</summary>
    internal static void WriteRoster(TextWriter w, IEnumerable<(string Group, string Number)> rows)
    {
        using var row = Rosters.RosterFile.Contract.Write(w);
        foreach (var (group, number) in rows)
        {
            row.Field(group); row.Field(number);
            row.EndRow();
        }
    }

    /// <summary>A survey file (<see cref="Calibration.CoefficientCalibration.SurveyFile"/>) of (group, surveyed competitor members) rows.</summary>
    internal static void WriteSurvey(TextWriter w, IEnumerable<(string Group, int Competitors)> rows)
    {
        using var row = Calibration.CoefficientCalibration.SurveyFile.Contract.Write(w);
        foreach (var (group, competitors) in rows)
        {
            row.Field(group); row.Number(competitors);
            row.EndRow();
        }
    }

    private static void WriteEmployees(TextWriter w, World world, string header, Func<Actor, Party, bool> include, bool withOperator)
    {
        w.Write(header);
        w.Write('\n');
        foreach (var group in world.Groups)
        {
            var people = new List<int>();
            for (int i = group.ActorStart; i < group.ActorEnd; i++)
            {
                var a = world.Actors[i];
                if (a.Role is ActorRole.Employee or ActorRole.FieldStaff && include(a, world.Parties[i])) people.Add(i);
            }
            people.Sort((a, b) => new PhoneNumber(world.Numbers[a]).CompareTo(new PhoneNumber(world.Numbers[b])));
            foreach (int p in people)
                w.Write(withOperator ? $"{group.Id},{Msisdn(world, p)},{World.PartyNames[(int)world.Parties[p]]}\n" : $"{group.Id},{Msisdn(world, p)}\n");
        }
    }

    private static void WritePartners(TextWriter w, World world)
    {
        w.Write("group_id,msisdn,operator,shared\n");
        foreach (var group in world.Groups)
        {
            var rows = new List<(PhoneNumber Number, int Person, bool Shared)>();
            for (int i = 0; i < group.PartnerCount; i++)
            {
                int p = world.Partners[group.PartnerStart + i];
                rows.Add((new PhoneNumber(world.Numbers[p]), p, world.PartnerShared[group.PartnerStart + i]));
            }
            rows.Sort((a, b) => a.Number.CompareTo(b.Number));
            foreach (var r in rows) w.Write($"{group.Id},{r.Number},{World.PartyNames[(int)world.Parties[r.Person]]},{(r.Shared ? "1" : "0")}\n");
        }
    }

    private static void WriteGroupTruth(TextWriter w, World world)
    {
        w.Write("group_id,roster,employees,onnet_employees,competitor_employees,genuine_on_roster,true_market_share\n");
        foreach (var g in world.Groups)
            w.Write(string.Create(CultureInfo.InvariantCulture,
                $"{g.Id},{g.Roster},{g.Employees},{g.OnNetEmployees},{g.CompetitorEmployees},{g.GenuineOnRoster},{Share(g.GenuineOnRoster, g.CompetitorEmployees)}\n"));
    }

    private static void WriteGroupMonths(TextWriter w, World world)
    {
        w.Write("month,group_id,roster,employees,onnet_employees,competitor_employees,genuine_on_roster,true_market_share\n");
        int months = world.Options.Months;
        // movedBy[g, m]: employees of group g poached in month m or earlier.
        var movedBy = new int[world.Groups.Length, months];
        foreach (var m in world.Migrations)
            for (int month = m.Month; month < months; month++) movedBy[m.Group, month]++;
        for (int month = 0; month < months; month++)
        {
            string label = MonthLabel(world, month);
            for (int g = 0; g < world.Groups.Length; g++)
            {
                var group = world.Groups[g];
                int moved = movedBy[g, month];
                int onnet = group.OnNetEmployees - moved, competitors = group.CompetitorEmployees + moved, genuine = group.GenuineOnRoster - moved;
                w.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{label},{group.Id},{group.Roster},{group.Employees},{onnet},{competitors},{genuine},{Share(genuine, competitors)}\n"));
            }
        }
    }

    private static void WriteMigrations(TextWriter w, World world)
    {
        w.Write("group_id,old_msisdn,new_msisdn,operator,month\n");
        foreach (var m in world.Migrations)
            w.Write($"{world.Groups[m.Group].Id},{Msisdn(world, m.OldPerson)},{Msisdn(world, m.NewPerson)},{World.PartyNames[(int)world.Parties[m.NewPerson]]},{MonthLabel(world, m.Month)}\n");
    }

    /// <summary>The assumptions of a non-default world (a default world's world.json stays as it always was).</summary>
    private static void WriteAssumptions(Utf8JsonWriter json, WorldAssumptions a)
    {
        json.WriteStartObject("assumptions");
        json.WriteString("ties", a.Ties == ColleagueTies.Random ? "random" : "teams");
        json.WriteNumber("tie_density", a.TieDensity);
        json.WriteNumber("onnet_share_min", a.OnNetShareMin);
        json.WriteNumber("onnet_share_max", a.OnNetShareMax);
        json.WriteString("partners", a.Partners == PartnerPopularity.Zipf ? "zipf" : "per_group");
        json.WriteNumber("field_staff_share", a.FieldStaffShare);
        json.WriteString("cells", a.Cells.ToString().ToLowerInvariant());
        json.WriteBoolean("working_rhythm", a.WorkingRhythm);
        json.WriteString("activity", a.Activity == ActivityDistribution.HeavyTail ? "heavy_tail" : "default");
        json.WriteNumber("small_group_share", a.SmallGroupShare);
        json.WriteNumber("small_group_min", a.SmallGroupMin);
        json.WriteNumber("small_group_max", a.SmallGroupMax);
        json.WriteNumber("group_size_median", a.GroupSizeMedian);
        json.WriteNumber("group_size_min", a.GroupSizeMin);
        json.WriteNumber("group_size_max", a.GroupSizeMax);
        json.WriteNumber("cross_group_ties", a.CrossGroupTies);
        json.WriteBoolean("transit_calls", a.TransitCalls);
        json.WriteNumber("fake_partner_calls", a.FakePartnerCalls);
        json.WriteEndObject();
    }

    private static void WriteWorldJson(Stream stream, WorldOptions options, World world, WorldSummary summary, List<RosterRow> roster)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("generator", "callgraph generate (CallGraph.Synthetic, world format 1)");
        json.WriteStartObject("options");
        json.WriteNumber("cdrs", options.Cdrs);
        json.WriteNumber("seed", options.Seed);
        json.WriteNumber("months", options.Months);
        if (options.Groups is int groups) json.WriteNumber("groups", groups); else json.WriteNull("groups");
        json.WriteString("start", options.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("duplicate_rate", options.DuplicateRate);
        json.WriteNumber("bad_row_rate", options.BadRowRate);
        json.WriteBoolean("gzip", options.Gzip);
        if (!options.Assume.IsDefault) WriteAssumptions(json, options.Assume);
        json.WriteEndObject();
        json.WriteString("home_operator", NumberPlan.DefaultHomeOperator);
        json.WriteString("first_day", world.Days.Length == 0 ? "" : world.Days[0].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("last_day", world.Days.Length == 0 ? "" : world.Days[^1].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("cdr_file", options.Gzip ? WorldFiles.GzipCdr : WorldFiles.Cdr);
        json.WriteNumber("rows", summary.Rows);
        json.WriteNumber("accepted_rows", summary.Rows - summary.DuplicateRows - summary.BadRows); // what a strict reader keeps
        json.WriteNumber("duplicate_rows", summary.DuplicateRows);
        json.WriteNumber("bad_rows", summary.BadRows);
        json.WriteStartObject("bad_rows_by_reason");
        foreach (var (reason, count) in summary.BadRowsByReason) json.WriteNumber(reason, count);
        json.WriteEndObject();
        json.WriteNumber("groups", summary.Groups);
        json.WriteNumber("scored_groups", summary.ScoredGroups);
        json.WriteNumber("roster_rows", summary.RosterRows);
        json.WriteNumber("fake_members", summary.FakeMembers);
        json.WriteStartObject("roster_rows_by_kind");
        foreach (var kind in new[] { "employee", "field_staff", "dormant", "relative", "outsider" })
            json.WriteNumber(kind, roster.Count(r => r.Kind == kind));
        json.WriteEndObject();
        json.WriteNumber("numbers_on_two_rosters", world.Groups.Sum(g => g.ExtraRoster.Count));
        json.WriteNumber("employees", world.Groups.Sum(g => g.Employees));
        json.WriteNumber("competitor_employees", summary.CompetitorEmployees);
        json.WriteNumber("potential_members", summary.PotentialMembers);
        json.WriteNumber("migrations", summary.Migrations);
        json.WriteNumber("survey_groups", summary.SurveyGroups);
        json.WriteNumber("population", world.Numbers.Length);
        json.WriteStartArray("files");
        foreach (var f in summary.Files) json.WriteStringValue(f);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
