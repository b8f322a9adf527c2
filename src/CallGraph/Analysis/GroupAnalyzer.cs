using CallGraph.Aggregation;
using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Analysis;

/// <summary>Options of a whole analysis run.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Coupling and verdicts.</summary>
    public CouplingOptions Coupling { get; init; } = new();

    /// <summary>Prospects, potential members and market share.</summary>
    public CircleOptions Circle { get; init; } = new();

    /// <summary>Worker threads for the per-group analyses (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}

/// <summary>Everything an analysis run produces, sorted for output.</summary>
/// <param name="Members">One assessment per roster entry, by group then number.</param>
/// <param name="Groups">One summary per group, by group id.</param>
/// <param name="Prospects">All prospects, by group, members contacted desc, number.</param>
/// <param name="PotentialMembers">On-net numbers off the roster that look like members.</param>
/// <param name="CompetitorLike">Off-net numbers that look like the groups' own people.</param>
public sealed record AnalysisResult(
    IReadOnlyList<MemberAssessment> Members,
    IReadOnlyList<GroupSummary> Groups,
    IReadOnlyList<CircleContact> Prospects,
    IReadOnlyList<CircleContact> PotentialMembers,
    IReadOnlyList<CircleContact> CompetitorLike);

/// <summary>Runs the per-group analyses over a finished aggregate: graphs, coupling, circle, share.</summary>
public static class GroupAnalyzer
{
    /// <summary>Analyses every group of the aggregate's roster.</summary>
    public static AnalysisResult Analyze(CallAggregate aggregate, NumberPlan plan, AnalysisOptions? options = null, IReadOnlyDictionary<string, GroupInfo>? groupInfo = null)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new AnalysisOptions();
        var groups = aggregate.Roster.Groups;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) };

        var graphs = new GroupGraph[groups.Count];
        var assessments = new MemberAssessment[groups.Count][];
        Parallel.For(0, groups.Count, parallel, g =>
        {
            graphs[g] = GroupGraph.Build(aggregate, groups[g]);
            assessments[g] = MemberCoupling.Assess(graphs[g], aggregate, plan, options.Coupling);
        });

        // How many groups each outside number talks to (couriers and telemarketers reach many).
        long contactTotal = 0;
        foreach (var graph in graphs) contactTotal += graph.ContactCount;
        var contactKeys = new ulong[contactTotal];
        long k = 0;
        foreach (var graph in graphs)
            for (int c = 0; c < graph.ContactCount; c++) contactKeys[k++] = graph.NumberOf(graph.MemberCount + c).Key;
        var reached = new KeyCounts(contactKeys);

        var circles = new CircleAnalysis.Result[groups.Count];
        var summaries = new GroupSummary[groups.Count];
        Parallel.For(0, groups.Count, parallel, g =>
        {
            bool scored = groups[g].Size >= options.Coupling.MinGroupSize;
            circles[g] = scored
                ? CircleAnalysis.Analyze(graphs[g], plan, assessments[g], reached, options.Circle)
                : new CircleAnalysis.Result(Array.Empty<CircleContact>(), Array.Empty<CircleContact>(), Array.Empty<CircleContact>());
            summaries[g] = Summarize(groups[g], assessments[g], circles[g], scored, options.Circle.Coefficient, groupInfo);
            graphs[g] = null!; // release as we go
        });

        return new AnalysisResult(
            assessments.SelectMany(a => a).ToArray(),
            summaries,
            circles.SelectMany(c => c.Prospects).ToArray(),
            circles.SelectMany(c => c.PotentialMembers).ToArray(),
            circles.SelectMany(c => c.CompetitorLike).ToArray());
    }

    /// <summary>
    /// The same result with another correction coefficient applied to every scored group: estimated
    /// competitor members and market share are recomputed, nothing else changes.
    /// </summary>
    public static AnalysisResult WithCoefficient(AnalysisResult result, double coefficient)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!(coefficient >= 0) || double.IsInfinity(coefficient)) throw new ArgumentOutOfRangeException(nameof(coefficient), "The coefficient must be a finite number >= 0.");
        var groups = result.Groups.Select(g => ApplyCoefficient(g, coefficient)).ToArray();
        return result with { Groups = groups };
    }

    private static GroupSummary ApplyCoefficient(GroupSummary g, double coefficient)
    {
        double estimated = Math.Round(DetectionAdjusted(g) * coefficient, 2);
        double? share = g.Scored && g.Genuine + estimated > 0 ? Math.Round(g.Genuine / (g.Genuine + estimated), 4) : null;
        return g with { Coefficient = coefficient, EstimatedCompetitorMembers = estimated, MarketShare = share };
    }

    /// <summary>The mined count divided by the detection rate (floored at 0.25 so a thin group cannot explode it).</summary>
    public static double DetectionAdjusted(GroupSummary g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g.PotentialCompetitorMembers / Math.Max(0.25, g.DetectionRate);
    }

    private static GroupSummary Summarize(RosterGroup group, MemberAssessment[] members, CircleAnalysis.Result circle, bool scored, double coefficient, IReadOnlyDictionary<string, GroupInfo>? info)
    {
        int genuine = 0, suspect = 0, fake = 0, inactive = 0;
        foreach (var a in members)
        {
            switch (a.Verdict)
            {
                case Verdict.Genuine: genuine++; break;
                case Verdict.Suspect: suspect++; break;
                case Verdict.Fake: fake++; if (a.Inactive) inactive++; break;
            }
        }
        var gi = info?.GetValueOrDefault(group.GroupId);
        var summary = new GroupSummary(group.GroupId, gi?.Name ?? "", gi?.Branch ?? "", gi?.AccountManager ?? "", scored,
            group.Size, genuine, suspect, fake, inactive,
            scored ? Math.Round((double)genuine / group.Size, 4) : 0,
            genuine + suspect / 2,
            circle.Prospects.Count, circle.PotentialMembers.Count, circle.CompetitorLike.Count, circle.DetectionRate, coefficient, 0, null);
        return ApplyCoefficient(summary, coefficient);
    }
}
