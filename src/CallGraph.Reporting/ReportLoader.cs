using CallGraph.Output;
using CallGraph.Graphs;
using CallGraph.Ingest;

namespace CallGraph.Reporting;

/// <summary>
/// Builds a <see cref="ReportModel"/> from the files of an <c>analyze</c> output folder, through a callback that
/// opens a file by its relative name (so the library makes no file-system assumptions).
/// </summary>
public static class ReportLoader
{
    /// <summary>Required file: one row per group.</summary>
    public const string GroupsFile = "groups.csv";

    /// <summary>Members file.</summary>
    public const string MembersFile = "members.csv";

    /// <summary>Prospects file.</summary>
    public const string ProspectsFile = "prospects.csv";

    /// <summary>Potential members file.</summary>
    public const string PotentialMembersFile = "potential-members.csv";

    /// <summary>Competitor-like numbers file.</summary>
    public const string CompetitorMembersFile = "competitor-members.csv";

    /// <summary>Rollups file.</summary>
    public const string RollupFile = "rollup.csv";

    /// <summary>Trends file (only with periods).</summary>
    public const string TrendsFile = "trends.csv";

    /// <summary>Alerts file (only with periods).</summary>
    public const string AlertsFile = "alerts.csv";

    /// <summary>Calibration of the coefficient (optional; its warnings are shown).</summary>
    public const string CalibrationFile = "calibration.json";

    /// <summary>Run summary (optional).</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>
    /// Relative name of a group's graph file: <c>graphs/&lt;group_id&gt;.json</c>. Letters (any script), digits,
    /// '-' and '.' are kept; every other character (path separators included) is written as <c>_hex_</c>, so the
    /// name is always one safe file name and distinct ids give distinct names. A name whose stem would pass 150 UTF-8
    /// bytes keeps its start and ends in <c>~</c> and 16 hex digits of the id's SHA-256, so it stays a legal file name.
    /// </summary>
    public static string GraphFile(string groupId)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        var sb = new System.Text.StringBuilder("graphs/");
        foreach (char c in groupId)
        {
            if (char.IsLetterOrDigit(c) || c == '-' || (c == '.' && sb.Length > 7)) sb.Append(c);
            else sb.Append('_').Append(((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('_');
        }
        // File names hold at most 255 bytes: a long id keeps a readable start and gets a hash of the whole id.
        const int MaxStemBytes = 150;
        if (System.Text.Encoding.UTF8.GetByteCount(sb.ToString()) - 7 > MaxStemBytes)
        {
            while (System.Text.Encoding.UTF8.GetByteCount(sb.ToString()) - 7 > MaxStemBytes - 18) sb.Length--;
            if (sb.Length > 0 && char.IsHighSurrogate(sb[^1])) sb.Length--;
            byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(groupId));
            sb.Append('~').Append(Convert.ToHexStringLower(hash, 0, 8));
        }
        return sb.Append(".json").ToString();
    }

    /// <summary>
    /// Reads the folder's files through <paramref name="open"/> (relative name, "/"-separated → a reader, or null
    /// when the file does not exist). groups.csv is required (a <see cref="DataException"/> when absent); every
    /// other file is optional. Members, trends and graphs are read for the detail groups only; the rollups
    /// are rebuilt from groups.csv when rollup.csv is absent.
    /// </summary>
    public static ReportModel Load(Func<string, TextReader?> open, ReportOptions options, string title, string generatedFrom)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<Analysis.GroupSummary> groups;
        using (var reader = open(GroupsFile) ?? throw new DataException(GroupsFile, 0, 0, "missing: not an analyze output folder (groups.csv is required)"))
            groups = ResultReader.ReadGroups(reader, GroupsFile);
        var detail = options.SelectDetailGroups(groups);
        var detailSet = detail.ToHashSet(StringComparer.Ordinal);
        bool InDetail(string id) => detailSet.Contains(id);

        T Optional<T>(string name, Func<TextReader, T> read, T absent)
        {
            using var reader = open(name);
            return reader is null ? absent : read(reader);
        }

        var members = Optional(MembersFile, r => ResultReader.ReadMembers(r, MembersFile, InDetail), Array.Empty<Analysis.MemberAssessment>());
        var prospects = Optional(ProspectsFile, r => ResultReader.ReadCircle(r, ProspectsFile), Array.Empty<Analysis.CircleContact>());
        var potential = Optional(PotentialMembersFile, r => ResultReader.ReadCircle(r, PotentialMembersFile, InDetail), Array.Empty<Analysis.CircleContact>());
        var competitor = Optional(CompetitorMembersFile, r => ResultReader.ReadCircle(r, CompetitorMembersFile, InDetail), Array.Empty<Analysis.CircleContact>());
        var rollups = Optional(RollupFile, r => ResultReader.ReadRollups(r, RollupFile), null) ?? Analysis.Rollups.Build(groups);
        var trends = Optional(TrendsFile, r => ResultReader.ReadTrends(r, TrendsFile, InDetail), Array.Empty<Analysis.TrendRow>());
        var alerts = Optional(AlertsFile, r => ResultReader.ReadAlerts(r, AlertsFile), Array.Empty<Analysis.ShareAlert>());
        var facts = Optional(SummaryFile, r => ResultReader.ReadSummary(r, SummaryFile), Array.Empty<KeyValuePair<string, string>>());
        var calibration = Optional(CalibrationFile, r => Calibration.CoefficientCalibration.FromJson(r.ReadToEnd(), CalibrationFile), null);
        var graphs = new Dictionary<string, GraphData>(StringComparer.Ordinal);
        foreach (var id in detail)
        {
            string name = GraphFile(id);
            var data = Optional(name, r => GraphExport.ReadJson(r, name), null);
            if (data is not null) graphs[id] = data;
        }
        return new ReportModel
        {
            Calibration = calibration,
            Title = title,
            GeneratedFrom = generatedFrom,
            Groups = groups,
            Members = members,
            Prospects = prospects,
            PotentialMembers = potential,
            CompetitorLike = competitor,
            Rollups = rollups,
            Trends = trends,
            Alerts = alerts,
            Graphs = graphs,
            RunFacts = facts,
        };
    }
}
