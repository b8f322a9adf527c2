using System.Globalization;
using CallGraph.Output;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Graphs;

namespace CallGraph.Reporting;

/// <summary>
/// Everything the HTML report shows, as plain records: the analysis results (usually read back from an
/// <c>analyze</c> output folder) and the graph data of the groups to show in detail.
/// </summary>
public sealed record ReportModel
{
    /// <summary>Title at the top of the report.</summary>
    public string Title { get; init; } = "CallGraph report";

    /// <summary>Where the figures come from (e.g. the results folder), shown under the title.</summary>
    public string GeneratedFrom { get; init; } = "";

    /// <summary>Every group's figures (groups.csv).</summary>
    public IReadOnlyList<GroupSummary> Groups { get; init; } = Array.Empty<GroupSummary>();

    /// <summary>Member assessments; only the detail groups' are used, so a caller may pass just those.</summary>
    public IReadOnlyList<MemberAssessment> Members { get; init; } = Array.Empty<MemberAssessment>();

    /// <summary>Prospects of all groups (the overview ranks them; detail groups list theirs).</summary>
    public IReadOnlyList<CircleContact> Prospects { get; init; } = Array.Empty<CircleContact>();

    /// <summary>On-net numbers off the roster that look like members.</summary>
    public IReadOnlyList<CircleContact> PotentialMembers { get; init; } = Array.Empty<CircleContact>();

    /// <summary>Off-net numbers that look like the groups' own people.</summary>
    public IReadOnlyList<CircleContact> CompetitorLike { get; init; } = Array.Empty<CircleContact>();

    /// <summary>Rollup rows by branch and by account manager.</summary>
    public IReadOnlyList<RollupRow> Rollups { get; init; } = Array.Empty<RollupRow>();

    /// <summary>Per-period rows, when the analysis used periods.</summary>
    public IReadOnlyList<TrendRow> Trends { get; init; } = Array.Empty<TrendRow>();

    /// <summary>Groups whose share fell, when the analysis used periods.</summary>
    public IReadOnlyList<ShareAlert> Alerts { get; init; } = Array.Empty<ShareAlert>();

    /// <summary>Graph data by group id, for (at least) the detail groups.</summary>
    public IReadOnlyDictionary<string, GraphData> Graphs { get; init; } = new Dictionary<string, GraphData>(StringComparer.Ordinal);

    /// <summary>The coefficient's calibration, when the run had one: the report shows its fit and its warnings.</summary>
    public Calibration.CalibrationResult? Calibration { get; init; }

    /// <summary>Facts about the run (e.g. flattened from summary.json), shown as a small table.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RunFacts { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>
    /// A model straight from an in-memory analysis: builds the graph data of the groups that
    /// <paramref name="options"/> selects for detail from <paramref name="aggregate"/>.
    /// </summary>
    public static ReportModel FromAnalysis(AnalysisResult result, CallAggregate aggregate, ReportOptions? options = null,
        IReadOnlyList<RollupRow>? rollups = null, IReadOnlyList<TrendRow>? trends = null, IReadOnlyList<ShareAlert>? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(aggregate);
        options ??= new ReportOptions();
        var detail = options.SelectDetailGroups(result.Groups);
        var wanted = detail.ToHashSet(StringComparer.Ordinal);
        var members = result.Members.Where(m => wanted.Contains(m.GroupId)).ToLookup(m => m.GroupId, StringComparer.Ordinal);
        var prospects = result.Prospects.Where(c => wanted.Contains(c.GroupId)).ToLookup(c => c.GroupId, StringComparer.Ordinal);
        var potential = result.PotentialMembers.Where(c => wanted.Contains(c.GroupId)).ToLookup(c => c.GroupId, StringComparer.Ordinal);
        var competitor = result.CompetitorLike.Where(c => wanted.Contains(c.GroupId)).ToLookup(c => c.GroupId, StringComparer.Ordinal);
        var graphs = new Dictionary<string, GraphData>(StringComparer.Ordinal);
        foreach (var id in detail)
        {
            if (!aggregate.Roster.GroupById.TryGetValue(id, out var group)) continue;
            var graph = GroupGraph.Build(aggregate, group);
            graphs[id] = GraphExport.Build(graph, members[id].ToList(), prospects[id].ToList(), potential[id].ToList(), competitor[id].ToList());
        }
        return new ReportModel
        {
            Groups = result.Groups,
            Members = result.Members,
            Prospects = result.Prospects,
            PotentialMembers = result.PotentialMembers,
            CompetitorLike = result.CompetitorLike,
            Rollups = rollups ?? Analysis.Rollups.Build(result.Groups),
            Trends = trends ?? Array.Empty<TrendRow>(),
            Alerts = alerts ?? Array.Empty<ShareAlert>(),
            Graphs = graphs,
        };
    }
}

/// <summary>Options of the HTML report: which groups get a detail section, and how much each shows.</summary>
public sealed record ReportOptions
{
    /// <summary>
    /// Groups shown in detail: <c>top:N</c> (the N largest rosters, ties by id; default <c>top:100</c>),
    /// <c>all</c>, or a comma-separated list of group ids (shown in that order).
    /// </summary>
    public string GroupsDetail { get; init; } = "top:100";

    /// <summary>Prospects in the overview's top list (default 50).</summary>
    public int TopProspects { get; init; } = 50;

    /// <summary>Alerts listed in the overview (default 100, largest drops first).</summary>
    public int MaxAlerts { get; init; } = 100;

    /// <summary>Member rows per group (fake and suspect first; default 60). The rest are in members.csv.</summary>
    public int MaxMemberRows { get; init; } = 60;

    /// <summary>Rows of each circle list per group (default 30).</summary>
    public int MaxCircleRows { get; init; } = 30;

    /// <summary>Members drawn per graph (default 160; non-genuine first, then the best connected).</summary>
    public int MaxMembersDrawn { get; init; } = 160;

    /// <summary>Outside contacts drawn per graph (default 60; prospects first).</summary>
    public int MaxContactsDrawn { get; init; } = 60;

    /// <summary>Edges drawn per graph (default 400, the heaviest).</summary>
    public int MaxEdgesDrawn { get; init; } = 400;

    /// <summary>
    /// The ids of the groups shown in detail, in report order. A malformed <see cref="GroupsDetail"/> is a
    /// <see cref="FormatException"/>; an explicit id that is not among <paramref name="groups"/> is an <see cref="InvalidDataException"/>.
    /// </summary>
    public IReadOnlyList<string> SelectDetailGroups(IReadOnlyList<GroupSummary> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        string spec = (GroupsDetail ?? "").Trim();
        if (spec.Equals("all", StringComparison.OrdinalIgnoreCase))
            return groups.Select(g => g.GroupId).OrderBy(id => id, StringComparer.Ordinal).ToList();
        if (spec.StartsWith("top:", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(spec.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                throw new FormatException($"groups-detail \"{spec}\": expected top:N with N a whole number");
            return groups.OrderByDescending(g => g.Roster).ThenBy(g => g.GroupId, StringComparer.Ordinal).Take(n).Select(g => g.GroupId).ToList();
        }
        var ids = spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) throw new FormatException("groups-detail: expected top:N, all, or a comma-separated list of group ids");
        var known = groups.Select(g => g.GroupId).ToHashSet(StringComparer.Ordinal);
        var missing = ids.Where(id => !known.Contains(id)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"groups-detail names {(missing.Count == 1 ? "a group" : "groups")} not in the results: {string.Join(", ", missing)}");
        return ids;
    }
}
