using System.Globalization;
using System.Text;
using System.Text.Json;
using CallGraph.Numbers;

namespace CallGraph.Synthetic;

/// <summary>How a real communication network (a directed edge list with a department per person) becomes a world.</summary>
/// <param name="Seed">Seed of everything drawn: numbers, times, planted fakes, networks, survey.</param>
/// <param name="MinDepartment">Departments with at least this many people become groups.</param>
/// <param name="OutsiderShare">Planted outsiders (people of other departments) per genuine roster line, rounded, at least 1.</param>
/// <param name="DormantShare">Planted dormant lines (fresh numbers with 0–2 calls) per genuine roster line, rounded, at least 1.</param>
/// <param name="CompetitorShare">Share of people put on a competitor network; 0 keeps everybody on the home network.
/// Above 0, only calls with a home-network party are kept (what the home operator sees), rosters hold the department's
/// home-network people only, and truth_groups.csv, truth_competitors.csv and survey.csv are written.</param>
/// <param name="SurveyShare">Share of groups in survey.csv (only with competitors), at least 1.</param>
/// <param name="Start">First day of the month the calls are spread over.</param>
public sealed record EdgeListWorldOptions(
    ulong Seed,
    int MinDepartment = 10,
    double OutsiderShare = 0.10,
    double DormantShare = 0.03,
    double CompetitorShare = 0,
    double SurveyShare = 0.20,
    DateOnly? Start = null);

/// <summary>
/// Turns a real communication network into a CallGraph world with planted truth, so the models can be measured
/// on groups nobody generated: every person is a mobile number (on the home network, or on a competitor's with
/// <see cref="EdgeListWorldOptions.CompetitorShare"/>), every directed edge one call at a seeded time within one
/// month, every department of at least <see cref="EdgeListWorldOptions.MinDepartment"/> people a group whose
/// roster is its people, plus planted fakes: outsiders (people of other departments) and dormant fresh numbers.
/// Writes the generator's files: cdr.csv (no cell column), members.csv, groups.csv, prefixes.csv,
/// truth_members.csv, and with competitors truth_groups.csv, truth_competitors.csv and survey.csv.
/// </summary>
public static class EdgeListWorld
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <summary>What a conversion produced.</summary>
    /// <param name="People">People in the network.</param>
    /// <param name="Calls">CDR rows written.</param>
    /// <param name="Groups">Departments turned into groups.</param>
    /// <param name="RosterRows">Roster lines, fakes included.</param>
    /// <param name="Outsiders">Planted outsiders.</param>
    /// <param name="Dormant">Planted dormant lines.</param>
    /// <param name="CompetitorPeople">People on a competitor network.</param>
    public sealed record Summary(int People, int Calls, int Groups, int RosterRows, int Outsiders, int Dormant, int CompetitorPeople);

    /// <summary>
    /// Converts. <paramref name="edges"/> holds lines <c>u v</c> (u contacted v; blank lines and lines starting
    /// with # skipped, self-loops dropped); <paramref name="labels"/> lines <c>person department</c>.
    /// </summary>
    public static Summary Write(TextReader edges, TextReader labels, EdgeListWorldOptions options, IWorldOutput output)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (!(options.CompetitorShare is >= 0 and < 1)) throw new ArgumentException("The competitor share must be in [0, 1).", nameof(options));

        var department = new SortedDictionary<int, int>();
        foreach (var (a, b) in Pairs(labels, "labels")) department[a] = b;
        var edgeList = Pairs(edges, "edges").Where(e => e.A != e.B).ToList();
        foreach (var (a, b) in edgeList)
        {
            if (!department.ContainsKey(a)) department[a] = -1;
            if (!department.ContainsKey(b)) department[b] = -1;
        }
        var people = department.Keys.ToArray(); // sorted ids
        var index = new Dictionary<int, int>();
        for (int i = 0; i < people.Length; i++) index[people[i]] = i;

        ulong seed = options.Seed;
        var random = new SeededRandom(seed, 77);
        bool share = options.CompetitorShare > 0;
        var mobile = new[]
        {
            NumberSource.Mobile("cmcc", SeededRandom.Mix(seed ^ 0xE0)),
            NumberSource.Mobile("cucc", SeededRandom.Mix(seed ^ 0xE1)),
            NumberSource.Mobile("ctcc", SeededRandom.Mix(seed ^ 0xE2)),
        };
        var party = new Party[people.Length];
        var numbers = new PhoneNumber[people.Length];
        for (int i = 0; i < people.Length; i++)
        {
            party[i] = share && random.Chance(options.CompetitorShare) ? (random.Chance(0.5) ? Party.Cucc : Party.Ctcc) : Party.Cmcc;
            numbers[i] = mobile[(int)party[i]].Next(random);
        }

        // Departments large enough to be groups, in id order.
        var byDepartment = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < people.Length; i++)
        {
            int d = department[people[i]];
            if (d < 0) continue;
            if (!byDepartment.TryGetValue(d, out var list)) byDepartment[d] = list = new List<int>();
            list.Add(i);
        }
        var groups = byDepartment.Where(kv => kv.Value.Count >= options.MinDepartment).Select(kv => (Department: kv.Key, People: kv.Value)).ToList();

        // Rosters with planted fakes.
        var roster = new List<(string Group, PhoneNumber Number, string Label, string Kind)>();
        var truthGroups = new List<string>();
        var competitors = new List<(string Group, PhoneNumber Number, Party Party)>();
        var survey = new List<(string Group, int Competitors)>();
        var dormantLines = new List<PhoneNumber>();
        int outsidersTotal = 0;
        foreach (var (dept, members) in groups)
        {
            string id = GroupId(dept);
            var genuine = members.Where(p => party[p] == Party.Cmcc).ToList();
            foreach (int p in genuine) roster.Add((id, numbers[p], "genuine", "employee"));
            foreach (int p in members.Where(p => party[p] != Party.Cmcc)) competitors.Add((id, numbers[p], party[p]));

            int outsiders = Math.Max(1, (int)Math.Round(options.OutsiderShare * genuine.Count, MidpointRounding.AwayFromZero));
            var candidates = new List<int>();
            for (int p = 0; p < people.Length; p++)
                if (department[people[p]] != dept && party[p] == Party.Cmcc) candidates.Add(p);
            for (int k = 0; k < outsiders && candidates.Count > 0; k++)
            {
                int pick = random.Next(candidates.Count);
                roster.Add((id, numbers[candidates[pick]], "fake", "outsider"));
                candidates[pick] = candidates[^1];
                candidates.RemoveAt(candidates.Count - 1);
                outsidersTotal++;
            }
            int dormant = Math.Max(1, (int)Math.Round(options.DormantShare * genuine.Count, MidpointRounding.AwayFromZero));
            for (int k = 0; k < dormant; k++)
            {
                var number = mobile[0].Next(random);
                dormantLines.Add(number);
                roster.Add((id, number, "fake", "dormant"));
            }
            int onRoster = genuine.Count, competitorCount = members.Count - genuine.Count;
            truthGroups.Add(string.Create(CultureInfo.InvariantCulture,
                $"{id},{onRoster + outsiders + dormant},{members.Count},{onRoster},{competitorCount},{onRoster},{(double)onRoster / members.Count:0.0000}"));
            if (share) survey.Add((id, competitorCount));
        }
        if (share)
        {
            int count = Math.Max(1, (int)Math.Round(options.SurveyShare * survey.Count, MidpointRounding.AwayFromZero));
            for (int i = survey.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (survey[i], survey[j]) = (survey[j], survey[i]);
            }
            survey = survey.Take(count).OrderBy(s => s.Group, StringComparer.Ordinal).ToList();
        }

        // Calls: one per edge, at a seeded second of the month; dormant lines get 0–2 calls of their own.
        var start = (options.Start ?? WorldOptions.DefaultStart).ToDateTime(TimeOnly.MinValue);
        int monthSeconds = (int)(start.AddMonths(1) - start).TotalSeconds;
        var calls = new List<(int Second, PhoneNumber Caller, PhoneNumber Callee, int Duration)>();
        var callRandom = new SeededRandom(seed, 78);
        foreach (var (a, b) in edgeList)
        {
            int second = callRandom.Next(monthSeconds);
            int duration = (int)Math.Clamp(Math.Round(callRandom.LogNormal(60, 0.9)), 1, 7200);
            int ia = index[a], ib = index[b];
            if (share && party[ia] != Party.Cmcc && party[ib] != Party.Cmcc) continue;
            calls.Add((second, numbers[ia], numbers[ib], duration));
        }
        foreach (var line in dormantLines)
        {
            int n = callRandom.Next(3);
            for (int k = 0; k < n; k++)
            {
                var other = numbers[callRandom.Next(people.Length)];
                bool outgoing = callRandom.Chance(0.5);
                calls.Add((callRandom.Next(monthSeconds), outgoing ? line : other, outgoing ? other : line,
                    (int)Math.Clamp(Math.Round(callRandom.LogNormal(25, 0.9)), 1, 7200)));
            }
        }
        calls.Sort((x, y) => x.Second != y.Second ? x.Second.CompareTo(y.Second)
            : x.Caller != y.Caller ? x.Caller.CompareTo(y.Caller) : x.Callee.CompareTo(y.Callee));

        void Text(string name, Action<TextWriter> write)
        {
            using var stream = output.Create(name);
            using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16) { NewLine = "\n" };
            write(writer);
        }

        Text(WorldFiles.Prefixes, w => OperatorTable.WritePrefixes(w, BuiltInPrefixes.Rows));
        Text(WorldFiles.Groups, w =>
        {
            w.Write("group_id,name,branch,account_manager\n");
            foreach (var (dept, _) in groups) w.Write(string.Create(CultureInfo.InvariantCulture, $"{GroupId(dept)},Department {dept},,\n"));
        });
        var sortedRoster = roster.OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Number).ToList();
        Text(WorldFiles.Members, w => WorldGenerator.WriteRoster(w, sortedRoster.Select(r => (r.Group, r.Number.ToString()))));
        Text(WorldFiles.TruthMembers, w =>
        {
            w.Write("group_id,msisdn,label,kind\n");
            foreach (var r in sortedRoster) w.Write($"{r.Group},{r.Number},{r.Label},{r.Kind}\n");
        });
        if (share)
        {
            Text(WorldFiles.TruthGroups, w =>
            {
                w.Write("group_id,roster,employees,onnet_employees,competitor_employees,genuine_on_roster,true_market_share\n");
                foreach (var line in truthGroups) w.Write(line + "\n");
            });
            Text(WorldFiles.TruthCompetitors, w =>
            {
                w.Write("group_id,msisdn,operator\n");
                foreach (var c in competitors.OrderBy(c => c.Group, StringComparer.Ordinal).ThenBy(c => c.Number))
                    w.Write($"{c.Group},{c.Number},{World.PartyNames[(int)c.Party]}\n");
            });
            Text(WorldFiles.Survey, w => WorldGenerator.WriteSurvey(w, survey));
        }
        Text(WorldFiles.Cdr, w =>
        {
            w.Write("caller,callee,start_time,duration_s,type\n");
            foreach (var c in calls)
            {
                var time = start.AddSeconds(c.Second);
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{c.Caller},{c.Callee},{time:yyyyMMddHHmmss},{c.Duration},voice\n"));
            }
        });
        var summary = new Summary(people.Length, calls.Count, groups.Count, roster.Count, outsidersTotal, dormantLines.Count, party.Count(p => p != Party.Cmcc));
        using (var stream = output.Create(WorldFiles.WorldJson))
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("generator", "edge list converter (CallGraph.Synthetic)");
            json.WriteNumber("seed", seed);
            json.WriteNumber("competitor_share", options.CompetitorShare);
            json.WriteNumber("people", summary.People);
            json.WriteNumber("calls", summary.Calls);
            json.WriteNumber("groups", summary.Groups);
            json.WriteNumber("roster_rows", summary.RosterRows);
            json.WriteNumber("outsiders", summary.Outsiders);
            json.WriteNumber("dormant", summary.Dormant);
            json.WriteNumber("competitor_people", summary.CompetitorPeople);
            json.WriteEndObject();
        }
        return summary;
    }

    /// <summary>The group id of a department: D followed by its number on three digits.</summary>
    public static string GroupId(int department) => string.Create(CultureInfo.InvariantCulture, $"D{department:D3}");

    private static List<(int A, int B)> Pairs(TextReader reader, string what)
    {
        var result = new List<(int, int)>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int a)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int b))
                throw new Ingest.DataException(what, lineNumber, 0, "expected two non-negative integers");
            result.Add((a, b));
        }
        return result;
    }
}
