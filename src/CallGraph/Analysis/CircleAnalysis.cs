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
    public sealed record Result(IReadOnlyList<CircleContact> Prospects, IReadOnlyList<CircleContact> PotentialMembers, IReadOnlyList<CircleContact> CompetitorLike, double DetectionRate = 1)
    {
        /// <summary>
        /// Off-net numbers whose employee likelihood reaches the estimate's bar (see <see cref="DetectionRate"/>): the
        /// mined count that, divided by the detection rate, estimates the group's people on other networks.
        /// </summary>
        public int MinedCompetitorMembers { get; init; }
    }

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
        var scratch = new Scratch();
        var prepared = Prepare(graph, plan, members as MemberAssessment[] ?? members.ToArray(), options, scratch);
        var reached = new int[prepared.Candidates.Length];
        for (int i = 0; i < reached.Length; i++)
        {
            ref Candidate k = ref prepared.Candidates[i];
            k.Slot = i;
            reached[i] = groupsReached.GetValueOrDefault(k.Number.Key, 1);
        }
        return Finish(prepared, plan, reached, options, scratch.Text);
    }

    /// <summary>Working arrays of <see cref="Prepare"/> and <see cref="Finish"/>, reused by a worker from group to group.</summary>
    internal sealed class Scratch
    {
        public int[] CandidateOf = [];
        public Candidate[] Candidates = [];
        public int[] Colleagues = [];
        public double[] Values = [];
        public double[] Likelihoods = [];
        public double[] HomeLikelihoods = [];
        public int[] TiesPerGroup = [];
        public readonly ColleagueLinks Links = new();
        public readonly ReasonText Text = new();
    }

    /// <summary>A contact's traffic with the group, summed over its member edges.</summary>
    internal struct ContactTotals
    {
        public int Calls, Sms, Work, Reciprocal;
        public long Seconds;
        public uint First, Last;
    }

    /// <summary>A contact that may be listed: everything but its groups reached, which needs every group's graph.</summary>
    internal struct Candidate
    {
        public PhoneNumber Number;
        public NumberInfo Info;
        public bool IsProspect;
        public int Members;
        public int Contact; // its index among the graph's contacts
        public ContactTotals Totals;
        public double Clustering;
        public int Slot; // where its groups reached is found in the counts given to Finish
    }

    /// <summary>The part of a group's circle analysis that needs only its own graph (see <see cref="Prepare"/>).</summary>
    internal sealed record Prepared(string GroupId, int MemberCount, int ProspectBase, Candidate[] Candidates, TypicalMember Typical, double DetectionRate, double EstimateBar);

    /// <summary>
    /// Everything of the circle analysis that needs only the group's own graph: the contacts that may be
    /// listed with their totals and clustering, the typical member and the detection rate. The graph is
    /// not needed afterwards; <see cref="Finish"/> adds the groups reached.
    /// </summary>
    internal static Prepared Prepare(GroupGraph graph, NumberPlan plan, ReadOnlySpan<MemberAssessment> members, CircleOptions options, Scratch scratch)
    {
        int m = graph.MemberCount;
        int genuine = 0;
        foreach (var a in members)
            if (a.Verdict == Verdict.Genuine) genuine++;
        bool scored = false;
        foreach (var a in members) scored |= a.Verdict != Verdict.Unscored;
        // An unscored roster has no verified size: its base is the roster.
        int prospectBase = options.ProspectBase == ProspectBase.Genuine && scored ? genuine : m;
        // Prospects talk to more than the bar's members: as a whole count, at least this many.
        decimal bar = options.ProspectThreshold * prospectBase;
        long prospectMin = bar < int.MaxValue ? (long)decimal.Floor(bar) + 1 : long.MaxValue;

        // Only off-net numbers over the bar are prospects, and only numbers tied to at least two members can
        // look like colleagues: the long tail is skipped before the number is described or its traffic summed.
        int n = graph.ContactCount;
        var contacts = graph.Contacts;
        var candidateOf = ScratchArray.Ensure(ref scratch.CandidateOf, n);
        int count = 0;
        for (int c = 0; c < n; c++)
        {
            candidateOf[c] = -1;
            int d = graph.MembersOfContact(m + c).Length;
            if (d < 2 && d < prospectMin) continue;
            var info = plan.Describe(contacts[c]);
            if (info.Network is Network.Excluded or Network.Unknown) continue;
            bool isProspect = info.Network == Network.OffNet && d >= prospectMin;
            if (!isProspect && d < 2) continue;
            ScratchArray.EnsureKeeping(ref scratch.Candidates, count + 1, count)[count] = new Candidate
            {
                Number = contacts[c], Info = info, IsProspect = isProspect, Members = d, Contact = c, Totals = new ContactTotals { First = uint.MaxValue },
            };
            candidateOf[c] = count++;
        }

        // Their totals, one pass over the member edges.
        var candidates = scratch.Candidates;
        for (int i = 0; i < m; i++)
        {
            var targets = graph.NeighboursOf(i);
            var pairs = graph.PairsOf(i);
            for (int j = 0; j < targets.Length; j++)
            {
                int node = targets[j];
                if (node < m || candidateOf[node - m] < 0) continue;
                ref ContactTotals t = ref candidates[candidateOf[node - m]].Totals;
                ref readonly var p = ref pairs[j];
                t.Calls += p.Calls;
                t.Sms += p.Sms;
                t.Seconds += p.Seconds;
                t.Work += p.WorkHourEvents;
                if (p.IsReciprocal) t.Reciprocal++;
                t.First = Math.Min(t.First, p.First);
                t.Last = Math.Max(t.Last, p.Last);
            }
        }

        var links = scratch.Links;
        links.Reset(graph);
        var typical = Typical(members, scratch);

        // The likelihood can only fall with more groups reached or less clustering (every factor is
        // non-negative), so a number that misses the threshold with one group and full clustering, or
        // with one group and its clustering, is never listed unless it is a prospect.
        var detection = DetectionRate(graph, members, links, typical, options, scratch);
        // Off-net numbers are kept down to the estimate's bar, the rest down to the listing threshold.
        double keepOnNet = options.EmployeeLikelihoodThreshold, keepOffNet = Math.Min(keepOnNet, detection.Bar);
        int kept = 0;
        for (int x = 0; x < count; x++)
        {
            ref Candidate k = ref candidates[x];
            double keep = k.Info.Network == Network.OffNet ? keepOffNet : keepOnNet;
            if (!k.IsProspect && !(Likelihood(k.Members, k.Totals, 1, 1, typical) >= keep)) continue;
            k.Clustering = Clustering(graph.MembersOfContact(m + k.Contact), links);
            if (!k.IsProspect && !(Likelihood(k.Members, k.Totals, k.Clustering, 1, typical) >= keep)) continue;
            candidates[kept++] = k;
        }
        count = kept;
        return new Prepared(graph.Group.GroupId, m, prospectBase, scratch.Candidates.AsSpan(0, count).ToArray(), typical,
            detection.Rate, detection.Bar);
    }

    /// <summary>Scores the prepared contacts with their groups reached (by <see cref="Candidate.Slot"/>) and lists them.</summary>
    internal static Result Finish(Prepared prepared, NumberPlan plan, int[] groupsReached, CircleOptions options, ReasonText text, Func<int, int>? mostTiesElsewhere = null)
    {
        int m = prepared.MemberCount, prospectBase = prepared.ProspectBase;
        var candidates = prepared.Candidates.AsSpan();
        // One pass to size the lists and one to fill them, so that each list is one exact array.
        int prospectCount = 0, potentialCount = 0, competitorLikeCount = 0, mined = 0;
        foreach (ref readonly var k in candidates)
        {
            if (k.IsProspect) prospectCount++;
            double likelihood = Likelihood(k.Members, k.Totals, k.Clustering, groupsReached[k.Slot], prepared.Typical);
            // Counted for its home group only: a number tied to more members of another group is that group's person.
            if (k.Info.Network == Network.OffNet && likelihood >= prepared.EstimateBar && k.Members > (mostTiesElsewhere?.Invoke(k.Slot) ?? 0)) mined++;
            if (LooksLikeMember(likelihood, options))
            {
                if (k.Info.Network == Network.OnNet) potentialCount++;
                else competitorLikeCount++;
            }
        }
        var prospects = prospectCount == 0 ? [] : new CircleContact[prospectCount];
        var potential = potentialCount == 0 ? [] : new CircleContact[potentialCount];
        var competitorLike = competitorLikeCount == 0 ? [] : new CircleContact[competitorLikeCount];
        prospectCount = potentialCount = competitorLikeCount = 0;
        foreach (ref readonly var k in candidates)
        {
            ref readonly var t = ref k.Totals;
            int d = k.Members;
            double workShare = WorkShare(t), reciprocity = Reciprocity(d, t);
            double clustering = k.Clustering;
            int reached = groupsReached[k.Slot];
            double likelihood = Likelihood(d, t, clustering, reached, prepared.Typical);
            bool looksLikeMember = LooksLikeMember(likelihood, options);
            if (!k.IsProspect && !looksLikeMember) continue; // listed nowhere: no record, no reasons
            var contact = new CircleContact(prepared.GroupId, k.Number, plan.OperatorName(k.Info.Operator), d,
                prospectBase == 0 ? 0 : Math.Round((double)d / prospectBase, 4), t.Calls, t.Sms, t.Seconds,
                Math.Round(workShare, 4), Math.Round(reciprocity, 4), Math.Round(clustering, 4), t.First, t.Last, reached,
                Math.Round(likelihood, 4), Explain(d, m, reciprocity, clustering, workShare, reached, likelihood, options.EmployeeLikelihoodThreshold, text));
            if (k.IsProspect) prospects[prospectCount++] = contact;
            if (looksLikeMember)
            {
                if (k.Info.Network == Network.OnNet) potential[potentialCount++] = contact;
                else competitorLike[competitorLikeCount++] = contact;
            }
        }
        Comparison<CircleContact> order = static (a, b) =>
        {
            int x = b.MembersContacted.CompareTo(a.MembersContacted);
            return x != 0 ? x : a.Msisdn.CompareTo(b.Msisdn);
        };
        Array.Sort(prospects, order);
        Array.Sort(potential, order);
        Array.Sort(competitorLike, order);
        return new Result(prospects, potential, competitorLike, prepared.DetectionRate) { MinedCompetitorMembers = mined };
    }

    private static double WorkShare(in ContactTotals t)
    {
        int events = t.Calls + t.Sms;
        return events == 0 ? 0 : (double)t.Work / events;
    }

    private static double Reciprocity(int d, in ContactTotals t) => d == 0 ? 0 : (double)t.Reciprocal / d;

    /// <summary>The <see cref="EmployeeLikelihood"/> of a contact tied to <paramref name="d"/> members with totals <paramref name="t"/>.</summary>
    private static double Likelihood(int d, in ContactTotals t, double clustering, int reached, TypicalMember typical) =>
        EmployeeLikelihood(d, t.Calls + t.Sms, Reciprocity(d, t), clustering, WorkShare(t), reached, typical);

    private static bool LooksLikeMember(double likelihood, CircleOptions options) => likelihood >= options.EmployeeLikelihoodThreshold;

    /// <summary>Medians over the genuine members: colleagues reached, events per colleague tie, working-hours share.</summary>
    private static TypicalMember Typical(ReadOnlySpan<MemberAssessment> members, Scratch scratch)
    {
        var values = ScratchArray.Ensure(ref scratch.Values, Math.Max(1, members.Length));
        // As the median of a list that is empty but for its default value.
        double MedianOr(int n, double empty)
        {
            if (n == 0) values[n++] = empty;
            return MemberCoupling.MedianInPlace(values.AsSpan(0, n));
        }
        int n = 0;
        foreach (var a in members)
            if (a.Verdict == Verdict.Genuine) values[n++] = a.ColleaguesReached;
        double ties = MedianOr(n, 0);
        n = 0;
        foreach (var a in members)
            if (a.Verdict == Verdict.Genuine && a.ColleaguesReached > 0) values[n++] = a.InsideShare * a.Events / a.ColleaguesReached;
        double eventsPerTie = MedianOr(n, 1);
        n = 0;
        foreach (var a in members)
            if (a.Verdict == Verdict.Genuine) values[n++] = a.WorkingHoursShare;
        return new TypicalMember(ties, eventsPerTie, MedianOr(n, 0.5));
    }

    /// <summary>
    /// We only see an off-net employee through its traffic with on-net colleagues. A genuine member's ties to the
    /// other roster members are exactly that view of an employee, so each genuine member is scored from those ties
    /// alone, exactly as an outside number is (members tied, events, reciprocity, clustering, rhythm, and the groups
    /// it reaches, personal ties to other groups included). The estimate's bar is the <see cref="CircleOptions.DetectionQuantile"/>
    /// of those likelihoods over the members tied to at least two colleagues (an outside number needs two ties to be
    /// scored), so it follows the group's own way of working rather than a constant. The rate is the share of all
    /// genuine members that reach it: as large a share of the group's people on other networks reaches it too.
    /// </summary>
    private static (double Rate, double Bar) DetectionRate(GroupGraph graph, ReadOnlySpan<MemberAssessment> members, ColleagueLinks links, TypicalMember typical, CircleOptions options, Scratch scratch)
    {
        int m = graph.MemberCount, genuine = 0, scoredCount = 0;
        var roster = graph.Aggregate.Roster;
        int self = graph.Group.Index;
        var likelihoods = ScratchArray.Ensure(ref scratch.Likelihoods, Math.Max(1, m));
        var homeLikelihoods = ScratchArray.Ensure(ref scratch.HomeLikelihoods, Math.Max(1, m));
        for (int i = 0; i < m; i++)
        {
            if (members[i].Verdict != Verdict.Genuine) continue;
            genuine++;
            int events = 0, work = 0, reciprocal = 0, d = 0;
            var targets = graph.NeighboursOf(i);
            var pairs = graph.PairsOf(i);
            var ties = graph.ColleagueEdgesOf(i);
            var colleagues = ScratchArray.Ensure(ref scratch.Colleagues, ties.Length);
            foreach (int j in ties)
            {
                colleagues[d++] = targets[j];
                events += pairs[j].Events;
                work += pairs[j].WorkHourEvents;
                if (pairs[j].IsReciprocal) reciprocal++;
            }
            if (d < 2) continue;
            double reciprocity = (double)reciprocal / d, workShare = events == 0 ? 0 : (double)work / events;
            var sorted = colleagues.AsSpan(0, d);
            sorted.Sort();
            double clustering = Clustering(sorted, links);
            int reached = 1 + OtherGroupsTalkingTo(roster, self, pairs, scratch, out int mostTiesElsewhere);
            double likelihood = EmployeeLikelihood(d, events, reciprocity, clustering, workShare, reached, typical);
            // As an outside number is counted only for its home group (the one whose members it talks to most),
            // a member who talks to more members of another group than of its own would not be counted here.
            homeLikelihoods[scoredCount] = d > mostTiesElsewhere ? likelihood : double.NegativeInfinity;
            likelihoods[scoredCount++] = likelihood;
        }
        if (genuine == 0) return (1, options.EmployeeLikelihoodThreshold);
        if (scoredCount == 0) return (0, options.EmployeeLikelihoodThreshold);
        var scored = likelihoods.AsSpan(0, scoredCount);
        // The bar is a value some member has, never 0, so that "at least the bar" counts it.
        scored.Sort();
        double bar = Math.Max(scored[Math.Min(scoredCount - 1, (int)(scoredCount * options.DetectionQuantile))], 1e-6);
        int seen = 0;
        foreach (double l in homeLikelihoods.AsSpan(0, scoredCount))
            if (l >= bar) seen++;
        return (Math.Round((double)seen / genuine, 4), bar);
    }

    /// <summary>
    /// Distinct groups other than <paramref name="self"/> with a roster entry among the parties of <paramref name="pairs"/>,
    /// and in <paramref name="mostTies"/> the largest number of those parties that belong to one such group.
    /// </summary>
    private static int OtherGroupsTalkingTo(Rosters.Roster roster, int self, ReadOnlySpan<PairStats> pairs, Scratch scratch, out int mostTies)
    {
        int n = 0;
        mostTies = 0;
        var seen = ScratchArray.Ensure(ref scratch.Colleagues, Math.Max(1, pairs.Length));
        var ties = ScratchArray.Ensure(ref scratch.TiesPerGroup, Math.Max(1, pairs.Length));
        foreach (ref readonly var p in pairs)
            for (int e = roster.FirstEntryOf(new PhoneNumber(p.Other)); e >= 0; e = roster.NextEntryOfSameNumber(e))
            {
                int g = roster.GroupOf(e);
                if (g == self) continue;
                int at = seen.AsSpan(0, n).IndexOf(g);
                if (at < 0)
                {
                    seen = ScratchArray.EnsureKeeping(ref scratch.Colleagues, n + 1, n);
                    ties = ScratchArray.EnsureKeeping(ref scratch.TiesPerGroup, n + 1, n);
                    seen[n] = g;
                    ties[n] = 0;
                    at = n++;
                }
                mostTies = Math.Max(mostTies, ++ties[at]);
            }
        return n;
    }

    /// <summary>What a genuine member of the group looks like: colleagues reached, events per colleague tie, working-hours share.</summary>
    internal readonly record struct TypicalMember(double Ties, double EventsPerTie, double WorkShare);

    /// <summary>
    /// How much an outside number looks like one of the group's own people rather than a partner:
    /// tied to about as many members as a colleague is (a partner is called by many more), as often
    /// per tie as colleagues talk, both ways, inside one tight team, in the group's working rhythm,
    /// and talking to this group only.
    /// <para>
    /// Every bar is the group's typical genuine member (<see cref="TypicalMember"/>): <c>ties</c> is full at half the
    /// typical colleague count (at least 2); <c>crowd</c> falls from 1 to 0 between 2× and 4× the typical count
    /// (at least 3), where partners and hubs sit; <c>intensity</c> is full at half the typical events per tie;
    /// <c>rhythm</c> falls to 0 at 50 points of working-hours share away from the typical member. The blend
    /// (0.2 ties, 0.25 intensity, 0.25 reciprocity, 0.15 clustering, 0.15 rhythm) weighs how a number talks above
    /// how many it talks to; it is an annotation of the lists, and the share estimate does not depend on its scale:
    /// its bar is a quantile of the same likelihood over the group's own members (<see cref="CircleOptions.DetectionQuantile"/>).
    /// Groups reached divides the score (a number talking to three groups is a third as likely one group's own),
    /// and an off-rhythm number loses up to half (friends shared by two colleagues talk in the evening).
    /// </para>
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

    /// <summary>Share of pairs among (up to 40 of) the contact's members who also talk to each other.</summary>
    private static double Clustering(ReadOnlySpan<int> memberNodes, ColleagueLinks links)
    {
        int k = Math.Min(memberNodes.Length, 40);
        if (k < 2) return 0;
        return (double)links.LinkedPairs(memberNodes[..k]) / (k * (k - 1) / 2);
    }

    private static string Explain(int d, int m, double reciprocity, double clustering, double workShare, int reached, double likelihood, double employeeThreshold, ReasonText text)
    {
        text.Clear().Append($"talks to {d} of {m} members; {reciprocity:0%} of ties both ways; {clustering:0%} of its members talk to each other; {workShare:0%} in working hours");
        if (reached > 1) text.Append($"; reaches {reached} groups (partner or hub)");
        text.Append(likelihood >= employeeThreshold ? "; looks like an employee" : "; looks like a partner or outside contact");
        return text.ToString();
    }

}
