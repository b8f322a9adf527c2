using CallGraph.Ingest;
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

    /// <summary>Checks <see cref="Coupling"/>, <see cref="Circle"/> and <see cref="Threads"/> (1 to <see cref="CdrReaderOptions.MaxThreads"/>).</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; its name is the property's.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Coupling);
        ArgumentNullException.ThrowIfNull(Circle);
        Coupling.Validate();
        Circle.Validate();
        OptionChecks.Between(Threads, 1, CdrReaderOptions.MaxThreads, nameof(Threads));
    }
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
        int threads = Math.Max(1, options.Threads);

        // A group's work grows with its edges: the largest go first, so that no big one is left for last.
        var edges = new int[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            for (int i = 0; i < group.Size; i++) edges[g] += aggregate.PairsOf(group.FirstEntry + i).Length;
        }
        var order = new int[groups.Count];
        for (int g = 0; g < order.Length; g++) order[g] = g;
        Array.Sort(order, (a, b) => edges[a] != edges[b] ? edges[b].CompareTo(edges[a]) : a.CompareTo(b));

        // Pass 1, per group: the graph (built in the worker's buffers), coupling, and the part of the circle
        // that needs only the group's own graph. Members are assessed straight into the result, one per roster entry.
        var members = new MemberAssessment[aggregate.Roster.EntryCount];
        var prepared = new CircleAnalysis.Prepared?[groups.Count];
        var rostersOfEntries = MemberCoupling.RostersOfEntries(aggregate.Roster);
        var reach = EntriesReached.Count(aggregate);
        int next = -1;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var graphBuffers = new GroupGraph.Buffers();
            var coupling = new MemberCoupling.Scratch();
            var circle = new CircleAnalysis.Scratch();
            int i;
            while ((i = Interlocked.Increment(ref next)) < order.Length)
            {
                var group = groups[order[i]];
                // No analysis depends on the order of a graph's contacts (the lists are sorted on their own), so they stay unsorted.
                var graph = GroupGraph.Build(aggregate, group, graphBuffers, contactsInNumberOrder: false);
                var assessed = members.AsSpan(group.FirstEntry, group.Size);
                MemberCoupling.Assess(graph, aggregate, plan, options.Coupling, coupling, assessed, reach, rostersOfEntries);
                // Every roster gets its circle: the prospect rule holds whatever the roster's size.
                prepared[order[i]] = CircleAnalysis.Prepare(graph, plan, assessed, options.Circle, circle);
            }
        });

        // How many groups each number that may be listed talks to (couriers and telemarketers reach many).
        var reached = GroupsReached.Count(aggregate, prepared, threads, out var topTies);

        // Pass 2: the circle lists, which need the groups reached.
        var circles = new CircleAnalysis.Result[groups.Count];
        var summaries = new GroupSummary[groups.Count];
        var none = new CircleAnalysis.Result(Array.Empty<CircleContact>(), Array.Empty<CircleContact>(), Array.Empty<CircleContact>());
        Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new ReasonText(), (g, _, text) =>
        {
            var p = prepared[g];
            circles[g] = p is null ? none : CircleAnalysis.Finish(p, plan, reached, options.Circle, text, slot => topTies.MostElsewhere(slot, g));
            var group = groups[g];
            summaries[g] = Summarize(group, members.AsSpan(group.FirstEntry, group.Size), circles[g], group.Size >= options.Coupling.MinGroupSize, options.Circle.Coefficient, options.Circle.EstimateSpread, groupInfo);
            prepared[g] = null; // release as we go
            return text;
        }, static _ => { });

        return new AnalysisResult(
            members,
            summaries,
            Concat(circles, static c => c.Prospects),
            Concat(circles, static c => c.PotentialMembers),
            Concat(circles, static c => c.CompetitorLike));
    }

    /// <summary>The per-group lists laid end to end, in group order.</summary>
    private static T[] Concat<TGroup, T>(TGroup[] perGroup, Func<TGroup, IReadOnlyList<T>> list)
    {
        int total = 0;
        foreach (var g in perGroup) total += list(g).Count;
        var all = new T[total];
        int k = 0;
        foreach (var g in perGroup)
        {
            var items = list(g);
            if (items is ICollection<T> collection) collection.CopyTo(all, k); // the arrays of Finish: one copy
            else
                for (int i = 0; i < items.Count; i++) all[k + i] = items[i];
            k += items.Count;
        }
        return all;
    }

    /// <summary>
    /// The same result with another correction coefficient applied to every scored group: estimated
    /// competitor members and market share are recomputed, nothing else changes.
    /// </summary>
    public static AnalysisResult WithCoefficient(AnalysisResult result, double coefficient) => WithCoefficient(result, coefficient, 0);

    /// <summary>
    /// The same result with another correction coefficient and estimate spread (see <see cref="CircleOptions.EstimateSpread"/>)
    /// applied to every scored group: estimated competitor members, market share and its interval are recomputed.
    /// </summary>
    public static AnalysisResult WithCoefficient(AnalysisResult result, double coefficient, double spread)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!(coefficient >= 0) || double.IsInfinity(coefficient)) throw new ArgumentOutOfRangeException(nameof(coefficient), "The coefficient must be a finite number >= 0.");
        if (!(spread >= 0) || double.IsInfinity(spread)) throw new ArgumentOutOfRangeException(nameof(spread), "The spread must be a finite number >= 0.");
        var groups = result.Groups.Select(g => ApplyCoefficient(g, coefficient, spread)).ToArray();
        return result with { Groups = groups };
    }

    /// <summary>The standard normal quantile of a two-sided 90% interval.</summary>
    private const double Z90 = 1.6449;

    /// <summary>
    /// The group's estimate: competitor members = mined ÷ detection rate × coefficient, the share,
    /// and its 90% interval: on the scale of log(count + 1), the counting noise of the mined count (Poisson,
    /// 1/(mined + 1)), the noise of a detection rate measured on few members (binomial, (1 − rate)/(rate × genuine))
    /// and the spread beyond both that calibration measured on the surveyed groups; the suite measures its coverage.
    /// </summary>
    private static GroupSummary ApplyCoefficient(GroupSummary g, double coefficient, double spread)
    {
        double estimated = Math.Round(DetectionAdjusted(g) * coefficient, 2);
        double? share = g.Scored && g.Genuine + estimated > 0 ? Math.Round(g.Genuine / (g.Genuine + estimated), 4) : null;
        double? low = null, high = null;
        if (share is not null)
        {
            double rate = Math.Max(DetectionFloor, g.DetectionRate), n = g.Genuine;
            double logSd = Math.Sqrt(spread * spread + 1.0 / (g.MinedCompetitorMembers + 1) + (1 - rate) / (rate * Math.Max(1, n)));
            double fewer = Math.Max(0, (estimated + 1) * Math.Exp(-Z90 * logSd) - 1), more = (estimated + 1) * Math.Exp(Z90 * logSd) - 1;
            low = n + more > 0 ? Math.Round(n / (n + more), 4) : 0;
            high = n + fewer > 0 ? Math.Round(n / (n + fewer), 4) : 1;
        }
        // Pooling the shares towards the run's mean (empirical Bayes) was measured on the suite and raised the error on
        // 10 of 12 generated worlds (it helped only the real network): each group keeps its own estimate.
        return g with { Coefficient = coefficient, EstimatedCompetitorMembers = estimated, MarketShare = share, MarketShareLow = low, MarketShareHigh = high };
    }

    /// <summary>Smallest detection rate an estimate divides by, so a thin group cannot explode it.</summary>
    private const double DetectionFloor = 0.25;

    /// <summary>The mined count divided by the detection rate (floored at 0.25 so a thin group cannot explode it).</summary>
    public static double DetectionAdjusted(GroupSummary g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g.MinedCompetitorMembers / Math.Max(DetectionFloor, g.DetectionRate);
    }

    private static GroupSummary Summarize(RosterGroup group, ReadOnlySpan<MemberAssessment> members, CircleAnalysis.Result circle, bool scored, double coefficient, double spread, IReadOnlyDictionary<string, GroupInfo>? info)
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
            circle.Prospects.Count, circle.PotentialMembers.Count, circle.CompetitorLike.Count, circle.DetectionRate, coefficient, 0, null)
        { MinedCompetitorMembers = circle.MinedCompetitorMembers };
        return ApplyCoefficient(summary, coefficient, spread);
    }
}
