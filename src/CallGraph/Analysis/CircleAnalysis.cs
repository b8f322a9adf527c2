using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Graphs;
using CallGraph.Numbers;

namespace CallGraph.Analysis;

/// <summary>
/// The group's social circle: every outside number its members talk to, profiled by how it talks to
/// them. Off-net numbers over the prospect threshold are prospects (exactly the rule, no filters);
/// outside numbers that talk to the group the way its members do are likely its own people: on-net
/// ones are potential members, off-net ones are counted as potential competitor members.
/// </summary>
public static class CircleAnalysis
{
    /// <summary>Per-group circle results.</summary>
    /// <param name="Prospects">Off-net contacts over the threshold, by members contacted desc then number.</param>
    /// <param name="PotentialMembers">On-net contacts off the roster that look like members.</param>
    /// <param name="CompetitorLike">Off-net contacts that look like the group's own people.</param>
    /// <param name="DetectionRate">
    /// Share of the group's genuine members who would be recognised as its own people from their ties
    /// to on-net colleagues alone: the chance that a colleague on another network is seen at all.
    /// </param>
    public sealed record Result(IReadOnlyList<CircleContact> Prospects, IReadOnlyList<CircleContact> PotentialMembers, IReadOnlyList<CircleContact> CompetitorLike, double DetectionRate = 1);

    /// <summary>
    /// Profiles the circle of one group. <paramref name="members"/> are the group's assessments (for the
    /// genuine count and typical ties); <paramref name="groupsReached"/> gives, per outside number key,
    /// how many groups it talks to.
    /// </summary>
    public static Result Analyze(GroupGraph graph, NumberPlan plan, IReadOnlyList<MemberAssessment> members, IReadOnlyDictionary<ulong, int> groupsReached, CircleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(groupsReached);
        options ??= new CircleOptions();
        int m = graph.MemberCount;
        int genuine = members.Count(a => a.Verdict == Verdict.Genuine);
        int prospectBase = options.ProspectBase == ProspectBase.Genuine ? genuine : m;
        decimal bar = options.ProspectThreshold * prospectBase;

        // Per-contact totals, one pass over the member edges.
        int n = graph.ContactCount;
        var calls = new int[n];
        var sms = new int[n];
        var seconds = new long[n];
        var work = new int[n];
        var reciprocal = new int[n];
        var first = new uint[n];
        var last = new uint[n];
        Array.Fill(first, uint.MaxValue);
        for (int i = 0; i < m; i++)
        {
            var targets = graph.NeighboursOf(i);
            var pairs = graph.PairsOf(i);
            for (int j = 0; j < targets.Length; j++)
            {
                int node = targets[j];
                if (node < m) continue;
                int c = node - m;
                ref readonly var p = ref pairs[j];
                calls[c] += p.Calls;
                sms[c] += p.Sms;
                seconds[c] += p.Seconds;
                work[c] += p.WorkHourEvents;
                if (p.IsReciprocal) reciprocal[c]++;
                first[c] = Math.Min(first[c], p.First);
                last[c] = Math.Max(last[c], p.Last);
            }
        }

        var colleagueEdges = ColleagueEdges(graph);
        var genuineMembers = members.Where(a => a.Verdict == Verdict.Genuine).ToList();
        var typical = new TypicalMember(
            MemberCoupling.Median(genuineMembers.Select(a => (double)a.ColleaguesReached).DefaultIfEmpty(0)),
            MemberCoupling.Median(genuineMembers.Where(a => a.ColleaguesReached > 0).Select(a => a.InsideShare * a.Events / a.ColleaguesReached).DefaultIfEmpty(1)),
            MemberCoupling.Median(genuineMembers.Select(a => a.WorkingHoursShare).DefaultIfEmpty(0.5)));

        var prospects = new List<CircleContact>();
        var potential = new List<CircleContact>();
        var competitorLike = new List<CircleContact>();
        for (int c = 0; c < n; c++)
        {
            var number = graph.NumberOf(m + c);
            var info = plan.Describe(number);
            if (info.Network is Network.Excluded or Network.Unknown) continue;
            var memberNodes = graph.MembersOfContact(m + c);
            int d = memberNodes.Length;
            bool isProspect = info.Network == Network.OffNet && d > bar;
            // Only numbers tied to at least two members can look like colleagues; skip the long tail early.
            if (!isProspect && d < 2) continue;
            int events = calls[c] + sms[c];
            double workShare = events == 0 ? 0 : (double)work[c] / events;
            double reciprocity = d == 0 ? 0 : (double)reciprocal[c] / d;
            double clustering = Clustering(memberNodes, colleagueEdges, m);
            int reached = groupsReached.GetValueOrDefault(number.Key, 1);
            double likelihood = EmployeeLikelihood(d, events, reciprocity, clustering, workShare, reached, typical);
            bool looksLikeMember = likelihood >= options.EmployeeLikelihoodThreshold;
            if (!isProspect && !looksLikeMember) continue; // listed nowhere: no record, no reasons
            var contact = new CircleContact(graph.Group.GroupId, number, plan.OperatorName(info.Operator), d,
                prospectBase == 0 ? 0 : Math.Round((double)d / prospectBase, 4), calls[c], sms[c], seconds[c],
                Math.Round(workShare, 4), Math.Round(reciprocity, 4), Math.Round(clustering, 4), first[c], last[c], reached,
                Math.Round(likelihood, 4), Explain(d, m, reciprocity, clustering, workShare, reached, likelihood));
            if (isProspect) prospects.Add(contact);
            if (looksLikeMember)
            {
                if (info.Network == Network.OnNet) potential.Add(contact);
                else competitorLike.Add(contact);
            }
        }
        Comparison<CircleContact> order = (a, b) =>
        {
            int x = b.MembersContacted.CompareTo(a.MembersContacted);
            return x != 0 ? x : a.Msisdn.CompareTo(b.Msisdn);
        };
        prospects.Sort(order);
        potential.Sort(order);
        competitorLike.Sort(order);
        return new Result(prospects, potential, competitorLike, DetectionRate(graph, members, colleagueEdges, typical, options));
    }

    /// <summary>
    /// We only see an off-net employee through its traffic with on-net colleagues. A genuine member's
    /// ties to the other roster members are exactly that view of an employee, so scoring each genuine
    /// member from those ties alone, as if it were an outside number, tells how often an employee
    /// shows up as one: the detection rate that turns the mined count into an estimate.
    /// </summary>
    private static double DetectionRate(GroupGraph graph, IReadOnlyList<MemberAssessment> members, HashSet<long> colleagueEdges, TypicalMember typical, CircleOptions options)
    {
        int m = graph.MemberCount, genuine = 0, seen = 0;
        var colleagues = new List<int>();
        for (int i = 0; i < m; i++)
        {
            if (members[i].Verdict != Verdict.Genuine) continue;
            genuine++;
            colleagues.Clear();
            int events = 0, work = 0, reciprocal = 0;
            var targets = graph.NeighboursOf(i);
            var pairs = graph.PairsOf(i);
            for (int j = 0; j < targets.Length; j++)
            {
                if (targets[j] >= m) continue;
                colleagues.Add(targets[j]);
                events += pairs[j].Events;
                work += pairs[j].WorkHourEvents;
                if (pairs[j].IsReciprocal) reciprocal++;
            }
            int d = colleagues.Count;
            if (d < 2) continue;
            colleagues.Sort();
            double likelihood = EmployeeLikelihood(d, events, (double)reciprocal / d, Clustering(colleagues.ToArray(), colleagueEdges, m),
                events == 0 ? 0 : (double)work / events, 1, typical);
            if (likelihood >= options.EmployeeLikelihoodThreshold) seen++;
        }
        return genuine == 0 ? 1 : Math.Round((double)seen / genuine, 4);
    }

    /// <summary>What a genuine member of the group looks like: colleagues reached, events per colleague tie, working-hours share.</summary>
    internal readonly record struct TypicalMember(double Ties, double EventsPerTie, double WorkShare);

    /// <summary>
    /// How much an outside number looks like one of the group's own people rather than a partner:
    /// tied to about as many members as a colleague is (a partner is called by many more), as often
    /// per tie as colleagues talk, both ways, inside one tight team, in the group's working rhythm,
    /// and talking to this group only.
    /// </summary>
    internal static double EmployeeLikelihood(int members, int events, double reciprocity, double clustering, double workShare, int groupsReached, TypicalMember typical)
    {
        if (members == 0) return 0;
        double ties = Math.Min(1, members / Math.Max(2, 0.5 * typical.Ties));
        double crowd = Math.Clamp(2 - members / (2 * Math.Max(typical.Ties, 3)), 0, 1);
        double intensity = Math.Min(1, (double)events / members / Math.Max(0.5, 0.5 * typical.EventsPerTie));
        double rhythm = 1 - Math.Min(1, Math.Abs(workShare - typical.WorkShare) / 0.5);
        double exclusive = groupsReached <= 1 ? 1 : 1.0 / groupsReached;
        double score = 0.2 * ties + 0.25 * intensity + 0.25 * reciprocity + 0.15 * clustering + 0.15 * rhythm;
        // Off the group's rhythm is a strong veto: friends shared by two colleagues talk in the evening.
        return score * exclusive * crowd * (0.5 + 0.5 * rhythm);
    }

    private static HashSet<long> ColleagueEdges(GroupGraph graph)
    {
        int m = graph.MemberCount;
        var edges = new HashSet<long>();
        for (int i = 0; i < m; i++)
            foreach (int node in graph.NeighboursOf(i))
                if (node < m) edges.Add((long)Math.Min(i, node) * m + Math.Max(i, node));
        return edges;
    }

    /// <summary>Share of pairs among (up to 40 of) the contact's members who also talk to each other.</summary>
    private static double Clustering(ReadOnlySpan<int> memberNodes, HashSet<long> edges, int m)
    {
        int k = Math.Min(memberNodes.Length, 40);
        if (k < 2) return 0;
        int linked = 0, pairs = 0;
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++)
            {
                pairs++;
                if (edges.Contains((long)memberNodes[a] * m + memberNodes[b])) linked++;
            }
        return (double)linked / pairs;
    }

    private static string Explain(int d, int m, double reciprocity, double clustering, double workShare, int reached, double likelihood)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder(256);
        sb.Append(ci, $"talks to {d} of {m} members; {reciprocity:0%} of ties both ways; {clustering:0%} of its members talk to each other; {workShare:0%} in working hours");
        if (reached > 1) sb.Append(ci, $"; reaches {reached} groups (partner or hub)");
        sb.Append(likelihood >= 0.5 ? "; looks like an employee" : "; looks like a partner or outside contact");
        return sb.ToString();
    }

}
