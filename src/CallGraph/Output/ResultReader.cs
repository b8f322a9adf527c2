using System.Globalization;
using System.Text;
using System.Text.Json;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;

namespace CallGraph.Output;

/// <summary>
/// Reads the CSV files written by <see cref="ResultWriter"/> back into their records. Columns are found by
/// header name (order does not matter, extra columns are ignored); a missing column or a value that does not
/// parse is a <see cref="DataException"/> with the file, line and column.
/// </summary>
public static class ResultReader
{
    /// <summary>Reads members.csv; <paramref name="includeGroup"/>, when given, keeps only the groups it accepts.</summary>
    public static IReadOnlyList<MemberAssessment> ReadMembers(TextReader reader, string sourceName, Func<string, bool>? includeGroup = null)
    {
        var result = new List<MemberAssessment>();
        foreach (var r in Rows(reader, sourceName, "group_id", "msisdn", "verdict", "score", "operator", "events", "calls", "sms", "seconds",
            "contacts", "colleagues_reached", "colleagues", "inside_share", "reciprocity", "shared_circle", "working_hours_share",
            "profile_similarity", "place_share", "inactive", "other_rosters", "reasons"))
        {
            string group = r.Text("group_id");
            if (includeGroup is not null && !includeGroup(group)) continue;
            result.Add(new MemberAssessment(group, r.Number("msisdn"), r.Verdict("verdict"), r.Double("score"), r.Text("operator"),
                r.Int("events"), r.Int("calls"), r.Int("sms"), r.Long("seconds"), r.Int("contacts"), r.Int("colleagues_reached"),
                r.Int("colleagues"), r.Double("inside_share"), r.Double("reciprocity"), r.Double("shared_circle"),
                r.Double("working_hours_share"), r.Double("profile_similarity"), r.OptionalDouble("place_share"), r.Bool("inactive"),
                r.Int("other_rosters"), r.Text("reasons")) { Embeddedness = r.OptionalDouble("embeddedness") ?? 0 });
        }
        return result;
    }

    /// <summary>Reads groups.csv.</summary>
    public static IReadOnlyList<GroupSummary> ReadGroups(TextReader reader, string sourceName)
    {
        var result = new List<GroupSummary>();
        foreach (var r in Rows(reader, sourceName, "group_id", "name", "branch", "account_manager", "scored", "roster", "genuine", "suspect",
            "fake", "inactive", "purity", "estimated_true_size", "prospects", "potential_members", "potential_competitor_members",
            "detection_rate", "coefficient", "estimated_competitor_members", "market_share"))
        {
            result.Add(new GroupSummary(r.Text("group_id"), r.Text("name"), r.Text("branch"), r.Text("account_manager"), r.Bool("scored"),
                r.Int("roster"), r.Int("genuine"), r.Int("suspect"), r.Int("fake"), r.Int("inactive"), r.Double("purity"),
                r.Int("estimated_true_size"), r.Int("prospects"), r.Int("potential_members"), r.Int("potential_competitor_members"),
                r.Double("detection_rate"), r.Double("coefficient"), r.Double("estimated_competitor_members"), r.OptionalDouble("market_share"))
            {
                MarketShareLow = r.OptionalDouble("market_share_low"),
                MarketShareHigh = r.OptionalDouble("market_share_high"),
                MinedCompetitorMembers = (int)(r.OptionalDouble("mined_competitor_members") ?? 0),
            });
        }
        return result;
    }

    /// <summary>Reads prospects.csv, potential-members.csv or competitor-members.csv (one header for all three).</summary>
    public static IReadOnlyList<CircleContact> ReadCircle(TextReader reader, string sourceName, Func<string, bool>? includeGroup = null)
    {
        var result = new List<CircleContact>();
        foreach (var r in Rows(reader, sourceName, ResultWriter.CircleHeader.Split(',')))
        {
            string group = r.Text("group_id");
            if (includeGroup is not null && !includeGroup(group)) continue;
            result.Add(new CircleContact(group, r.Number("msisdn"), r.Text("operator"), r.Int("members_contacted"), r.Double("member_share"),
                r.Int("calls"), r.Int("sms"), r.Long("seconds"), r.Double("working_hours_share"), r.Double("reciprocity"),
                r.Double("clustering"), r.Time("first_seen"), r.Time("last_seen"), r.Int("groups_reached"),
                r.Double("employee_likelihood"), r.Text("reasons")));
        }
        return result;
    }

    /// <summary>Reads rollup.csv.</summary>
    public static IReadOnlyList<RollupRow> ReadRollups(TextReader reader, string sourceName)
    {
        var result = new List<RollupRow>();
        foreach (var r in Rows(reader, sourceName, "dimension", "key", "groups", "roster", "genuine", "estimated_competitor_members", "market_share", "prospects"))
            result.Add(new RollupRow(r.Text("dimension"), r.Text("key"), r.Int("groups"), r.Int("roster"), r.Int("genuine"),
                r.Double("estimated_competitor_members"), r.OptionalDouble("market_share"), r.Int("prospects")));
        return result;
    }

    /// <summary>Reads trends.csv; <paramref name="includeGroup"/>, when given, keeps only the groups it accepts.</summary>
    public static IReadOnlyList<TrendRow> ReadTrends(TextReader reader, string sourceName, Func<string, bool>? includeGroup = null)
    {
        var result = new List<TrendRow>();
        foreach (var r in Rows(reader, sourceName, "group_id", "period", "market_share", "share_change_points", "purity", "purity_change_points",
            "prospects", "prospects_change", "genuine", "estimated_competitor_members"))
        {
            string group = r.Text("group_id");
            if (includeGroup is not null && !includeGroup(group)) continue;
            result.Add(new TrendRow(group, r.Text("period"), r.OptionalDouble("market_share"), r.OptionalDouble("share_change_points"),
                r.Double("purity"), r.OptionalDouble("purity_change_points"), r.Int("prospects"), r.OptionalInt("prospects_change"),
                r.Int("genuine"), r.Double("estimated_competitor_members")));
        }
        return result;
    }

    /// <summary>Reads alerts.csv: consecutive rows of one (group, from, to) make one alert; a row with an empty member adds none.</summary>
    public static IReadOnlyList<ShareAlert> ReadAlerts(TextReader reader, string sourceName)
    {
        var result = new List<ShareAlert>();
        ShareAlert? current = null;
        List<MovedMember>? moved = null;
        foreach (var r in Rows(reader, sourceName, "group_id", "from_period", "to_period", "share_before", "share_after", "drop_points",
            "member", "events_before", "events_after", "new_number", "new_operator", "overlap"))
        {
            string group = r.Text("group_id"), from = r.Text("from_period"), to = r.Text("to_period");
            if (current is null || current.GroupId != group || current.FromPeriod != from || current.ToPeriod != to)
            {
                if (current is not null) result.Add(current with { Moved = moved! });
                moved = new List<MovedMember>();
                current = new ShareAlert(group, from, to, r.Double("share_before"), r.Double("share_after"), r.Double("drop_points"), moved);
            }
            if (r.Text("member").Length == 0) continue;
            string newNumber = r.Text("new_number");
            moved!.Add(new MovedMember(r.Number("member"), r.Int("events_before"), r.Int("events_after"),
                newNumber.Length == 0 ? null : r.Number("new_number"), r.Text("new_operator"), r.Double("overlap")));
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

    /// <summary>Splits CSV text into records: quoted fields may hold delimiters, doubled quotes and line breaks.</summary>
    internal static IEnumerable<(long Line, List<string> Fields)> Records(TextReader reader, string sourceName)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        long line = 1, recordLine = 1;
        bool quoted = false, any = false, atStart = true;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            if (atStart && ch == '\uFEFF') { atStart = false; continue; }
            atStart = false;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); sb.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    sb.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"':
                    quoted = true; any = true; break;
                case ',':
                    fields.Add(sb.ToString()); sb.Clear(); any = true; break;
                case '\r':
                    break;
                case '\n':
                    if (any || sb.Length > 0)
                    {
                        fields.Add(sb.ToString());
                        yield return (recordLine, fields);
                        fields = new List<string>();
                    }
                    sb.Clear(); any = false; line++; recordLine = line;
                    break;
                default:
                    sb.Append(ch); any = true; break;
            }
        }
        if (quoted) throw new DataException(sourceName, recordLine, 0, "a quoted field is not closed before the end of the file");
        if (any || sb.Length > 0)
        {
            fields.Add(sb.ToString());
            yield return (recordLine, fields);
        }
    }

    private static IEnumerable<Row> Rows(TextReader reader, string sourceName, params string[] required)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        Dictionary<string, int>? columns = null;
        foreach (var (line, fields) in Records(reader, sourceName))
        {
            if (columns is null)
            {
                columns = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < fields.Count; i++) columns.TryAdd(fields[i].Trim().ToLowerInvariant(), i);
                var missing = required.Where(r => !columns.ContainsKey(r)).ToList();
                if (missing.Count > 0)
                    throw new DataException(sourceName, line, 0, $"header lacks column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}");
                continue;
            }
            yield return new Row(sourceName, line, fields, columns);
        }
        if (columns is null) throw new DataException(sourceName, 0, 0, "file is empty (no header)");
    }

    private readonly struct Row(string source, long line, List<string> fields, Dictionary<string, int> columns)
    {
        /// <summary>The field of column <paramref name="name"/>, formula guard removed; empty when the row is short or the file has no such (optional) column.</summary>
        public string Text(string name) =>
            columns.TryGetValue(name, out int i) && i < fields.Count ? Output.CsvText.Restore(fields[i]) : "";

        private DataException Error(string name, string what) =>
            new(source, line, columns[name] + 1, $"{name} \"{Text(name)}\" is not {what}");

        public int Int(string name) =>
            int.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw Error(name, "a whole number");

        public int? OptionalInt(string name) => Text(name).Length == 0 ? null : Int(name);

        public long Long(string name) =>
            long.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw Error(name, "a whole number");

        public double Double(string name) =>
            double.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Error(name, "a number");

        public double? OptionalDouble(string name) => Text(name).Length == 0 ? null : Double(name);

        public bool Bool(string name) => Text(name) switch
        {
            "true" or "True" or "1" => true,
            "false" or "False" or "0" => false,
            _ => throw Error(name, "true or false"),
        };

        public PhoneNumber Number(string name)
        {
            string t = Text(name);
            if (t.Length is > 0 and <= PhoneNumber.MaxDigits && t.All(char.IsAsciiDigit)) return PhoneNumber.FromDigitString(t);
            // Not a canonical number: an opaque subscriber id's token.
            if (t.Length == 0 || !SubscriberIds.TryIntern(System.Text.Encoding.UTF8.GetBytes(t), out var id)) throw Error(name, "a canonical number or a subscriber id");
            return id;
        }

        public Verdict Verdict(string name) => Text(name) switch
        {
            "genuine" => Analysis.Verdict.Genuine,
            "suspect" => Analysis.Verdict.Suspect,
            "fake" => Analysis.Verdict.Fake,
            "unscored" => Analysis.Verdict.Unscored,
            _ => throw Error(name, "genuine, suspect, fake or unscored"),
        };

        public long Time(string name) =>
            DateTime.TryParseExact(Text(name), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                ? CdrClock.FromDateTime(t) : throw Error(name, "a time like 2026-06-01T09:30:00");
    }
}
