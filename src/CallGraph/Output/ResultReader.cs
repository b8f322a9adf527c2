using System.Globalization;
using System.Text;
using System.Text.Json;
using CallGraph.Analysis;
using CallGraph.Csv;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;

namespace CallGraph.Output;

/// <summary>
/// Reads the CSV files written by <see cref="ResultWriter"/> back into their records, by each file's contract
/// (<see cref="MembersFile"/>, <see cref="GroupsFile"/>, …) through <see cref="CsvTable"/>: columns found by header name
/// (order does not matter, extra columns are ignored); a missing column or a value that does not parse is a
/// <see cref="DataException"/> with the file, line and column.
/// </summary>
public static class ResultReader
{
    /// <summary>Reads members.csv; <paramref name="includeGroup"/>, when given, keeps only the groups it accepts.</summary>
    public static IReadOnlyList<MemberAssessment> ReadMembers(TextReader reader, string sourceName, Func<string, bool>? includeGroup = null)
    {
        var result = new List<MemberAssessment>();
        using var t = MembersFile.Contract.Read(reader, sourceName);
        while (t.Next())
        {
            string group = t.Value(MembersFile.GroupId);
            if (includeGroup is not null && !includeGroup(group)) continue;
            result.Add(new MemberAssessment(group, t.Number(MembersFile.Msisdn), t.Verdict(MembersFile.Verdict), t.Double(MembersFile.Score),
                t.Value(MembersFile.Operator), t.Int(MembersFile.Events), t.Int(MembersFile.Calls), t.Int(MembersFile.Sms), t.Long(MembersFile.Seconds),
                t.Int(MembersFile.Contacts), t.Int(MembersFile.ColleaguesReached), t.Int(MembersFile.Colleagues), t.Double(MembersFile.InsideShare),
                t.Double(MembersFile.Reciprocity), t.Double(MembersFile.SharedCircle), t.Double(MembersFile.WorkingHoursShare),
                t.Double(MembersFile.ProfileSimilarity), t.OptionalDouble(MembersFile.PlaceShare), t.Bool(MembersFile.Inactive),
                t.Int(MembersFile.OtherRosters), t.Value(MembersFile.Reasons)) 
            {
                Embeddedness = t.OptionalDouble(MembersFile.Embeddedness) ?? 0,
                AddedSignals = MembersFile.AddedSignals.Length == 0 ? null : SignalColumnValues.Of(MembersFile.AddedSignals.Select(c => t.OptionalDouble(c)).ToArray()),
            });
        }
        return result;
    }

    /// <summary>Reads groups.csv.</summary>
    public static IReadOnlyList<GroupSummary> ReadGroups(TextReader reader, string sourceName)
    {
        var result = new List<GroupSummary>();
        using var t = GroupsFile.Contract.Read(reader, sourceName);
        while (t.Next())
        {
            result.Add(new GroupSummary(t.Value(GroupsFile.GroupId), t.Value(GroupsFile.Name), t.Value(GroupsFile.Branch),
                t.Value(GroupsFile.AccountManager), t.Bool(GroupsFile.Scored), t.Int(GroupsFile.Roster), t.Int(GroupsFile.Genuine),
                t.Int(GroupsFile.Suspect), t.Int(GroupsFile.Fake), t.Int(GroupsFile.Inactive), t.Double(GroupsFile.Purity),
                t.Int(GroupsFile.EstimatedTrueSize), t.Int(GroupsFile.Prospects), t.Int(GroupsFile.PotentialMembers),
                t.Int(GroupsFile.PotentialCompetitorMembers), t.Double(GroupsFile.DetectionRate), t.Double(GroupsFile.Coefficient),
                t.Double(GroupsFile.EstimatedCompetitorMembers), t.OptionalDouble(GroupsFile.MarketShare))
            {
                MarketShareLow = t.OptionalDouble(GroupsFile.MarketShareLow),
                MarketShareHigh = t.OptionalDouble(GroupsFile.MarketShareHigh),
                MinedCompetitorMembers = (int)(t.OptionalDouble(GroupsFile.MinedCompetitorMembers) ?? 0),
            });
        }
        return result;
    }

    /// <summary>Reads prospects.csv, potential-members.csv or competitor-members.csv (one header for all three).</summary>
    public static IReadOnlyList<CircleContact> ReadCircle(TextReader reader, string sourceName, Func<string, bool>? includeGroup = null)
    {
        var result = new List<CircleContact>();
        using var t = CircleFile.Contract.Read(reader, sourceName);
        while (t.Next())
        {
            string group = t.Value(CircleFile.GroupId);
            if (includeGroup is not null && !includeGroup(group)) continue;
            result.Add(new CircleContact(group, t.Number(CircleFile.Msisdn), t.Value(CircleFile.Operator), t.Int(CircleFile.MembersContacted),
                t.Double(CircleFile.MemberShare), t.Int(CircleFile.Calls), t.Int(CircleFile.Sms), t.Long(CircleFile.Seconds),
                t.Double(CircleFile.WorkingHoursShare), t.Double(CircleFile.Reciprocity), t.Double(CircleFile.Clustering),
                t.Time(CircleFile.FirstSeen), t.Time(CircleFile.LastSeen), t.Int(CircleFile.GroupsReached),
                t.Double(CircleFile.EmployeeLikelihood), t.Value(CircleFile.Reasons)));
        }
        return result;
    }

    /// <summary>Reads rollup.csv.</summary>
    public static IReadOnlyList<RollupRow> ReadRollups(TextReader reader, string sourceName)
    {
        var result = new List<RollupRow>();
        using var t = RollupFile.Contract.Read(reader, sourceName);
        while (t.Next())
            result.Add(new RollupRow(t.Value(RollupFile.Dimension), t.Value(RollupFile.Key), t.Int(RollupFile.Groups), t.Int(RollupFile.Roster),
                t.Int(RollupFile.Genuine), t.Double(RollupFile.EstimatedCompetitorMembers), t.OptionalDouble(RollupFile.MarketShare),
                t.Int(RollupFile.Prospects)));
        return result;
    }

    /// <summary>Reads trends.csv; <paramref name="includeGroup"/>, when given, keeps only the groups it accepts.</summary>
    public static IReadOnlyList<TrendRow> ReadTrends(TextReader reader, string sourceName, Func<string, bool>? includeGroup = null)
    {
        var result = new List<TrendRow>();
        using var t = TrendsFile.Contract.Read(reader, sourceName);
        while (t.Next())
        {
            string group = t.Value(TrendsFile.GroupId);
            if (includeGroup is not null && !includeGroup(group)) continue;
            result.Add(new TrendRow(group, t.Value(TrendsFile.Period), t.OptionalDouble(TrendsFile.MarketShare),
                t.OptionalDouble(TrendsFile.ShareChangePoints), t.Double(TrendsFile.Purity), t.OptionalDouble(TrendsFile.PurityChangePoints),
                t.Int(TrendsFile.Prospects), t.OptionalInt(TrendsFile.ProspectsChange), t.Int(TrendsFile.Genuine),
                t.Double(TrendsFile.EstimatedCompetitorMembers)));
        }
        return result;
    }

    /// <summary>Reads alerts.csv: consecutive rows of one (group, from, to) make one alert; a row with an empty member adds none.</summary>
    public static IReadOnlyList<ShareAlert> ReadAlerts(TextReader reader, string sourceName)
    {
        var result = new List<ShareAlert>();
        ShareAlert? current = null;
        List<MovedMember>? moved = null;
        using var t = AlertsFile.Contract.Read(reader, sourceName);
        while (t.Next())
        {
            string group = t.Value(AlertsFile.GroupId), from = t.Value(AlertsFile.FromPeriod), to = t.Value(AlertsFile.ToPeriod);
            if (current is null || current.GroupId != group || current.FromPeriod != from || current.ToPeriod != to)
            {
                if (current is not null) result.Add(current with { Moved = moved! });
                moved = new List<MovedMember>();
                current = new ShareAlert(group, from, to, t.Double(AlertsFile.ShareBefore), t.Double(AlertsFile.ShareAfter), t.Double(AlertsFile.DropPoints), moved);
            }
            if (t.Value(AlertsFile.Member).Length == 0) continue;
            moved!.Add(new MovedMember(t.Number(AlertsFile.Member), t.Int(AlertsFile.EventsBefore), t.Int(AlertsFile.EventsAfter),
                t.Value(AlertsFile.NewNumber).Length == 0 ? null : t.Number(AlertsFile.NewNumber), t.Value(AlertsFile.NewOperator), t.Double(AlertsFile.Overlap)));
        }
        if (current is not null) result.Add(current with { Moved = moved! });
        return result;
    }

    /// <summary>
    /// Reads summary.json loosely: every scalar value (text, number, true/false) with its dotted path as the
    /// name, in document order; arrays are summarised by their length. Invalid JSON is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadSummary(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new List<KeyValuePair<string, string>>();
        try
        {
            using var doc = JsonDocument.Parse(reader.ReadToEnd());
            Flatten(doc.RootElement, "", result);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{sourceName}: not valid JSON ({ex.Message})", ex);
        }
        return result;
    }

    private static void Flatten(JsonElement e, string path, List<KeyValuePair<string, string>> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Flatten(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name, into);
                break;
            case JsonValueKind.Array:
                into.Add(new(path, e.GetArrayLength().ToString(CultureInfo.InvariantCulture) + " items"));
                break;
            case JsonValueKind.String:
                into.Add(new(path, e.GetString()!));
                break;
            case JsonValueKind.Null:
                into.Add(new(path, ""));
                break;
            default:
                into.Add(new(path, e.GetRawText()));
                break;
        }
    }

    /// <summary>The field of <paramref name="column"/>, formula guard removed; empty when the row is short or the file has no such (optional) column.</summary>
    private static string Value(this CsvTable t, CsvColumn column) => CsvText.Restore(t.Text(column));

    private static DataException Error(CsvTable t, CsvColumn column, string what) => t.Error(column, $"{column.Name} \"{t.Value(column)}\" is not {what}");

    private static int Int(this CsvTable t, CsvColumn c) =>
        int.TryParse(t.Value(c), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw Error(t, c, "a whole number");

    private static int? OptionalInt(this CsvTable t, CsvColumn c) => t.Value(c).Length == 0 ? null : t.Int(c);

    private static long Long(this CsvTable t, CsvColumn c) =>
        long.TryParse(t.Value(c), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw Error(t, c, "a whole number");

    private static double Double(this CsvTable t, CsvColumn c) =>
        double.TryParse(t.Value(c), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Error(t, c, "a number");

    private static double? OptionalDouble(this CsvTable t, CsvColumn c) => t.Value(c).Length == 0 ? null : t.Double(c);

    private static bool Bool(this CsvTable t, CsvColumn c) => t.Value(c) switch
    {
        "true" or "True" or "1" => true,
        "false" or "False" or "0" => false,
        _ => throw Error(t, c, "true or false"),
    };

    private static PhoneNumber Number(this CsvTable t, CsvColumn c)
    {
        string text = t.Value(c);
        if (text.Length is > 0 and <= PhoneNumber.MaxDigits && text.All(char.IsAsciiDigit)) return PhoneNumber.FromDigitString(text);
        // Not a canonical number: an opaque subscriber id's token.
        if (text.Length == 0 || !SubscriberIds.TryIntern(Encoding.UTF8.GetBytes(text), out var id)) throw Error(t, c, "a canonical number or a subscriber id");
        return id;
    }

    private static Verdict Verdict(this CsvTable t, CsvColumn c) => t.Value(c) switch
    {
        "genuine" => Analysis.Verdict.Genuine,
        "suspect" => Analysis.Verdict.Suspect,
        "fake" => Analysis.Verdict.Fake,
        "unscored" => Analysis.Verdict.Unscored,
        _ => throw Error(t, c, "genuine, suspect, fake or unscored"),
    };

    private static long Time(this CsvTable t, CsvColumn c) =>
        DateTime.TryParseExact(t.Value(c), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? CdrClock.FromDateTime(time) : throw Error(t, c, "a time like 2026-06-01T09:30:00");
}
