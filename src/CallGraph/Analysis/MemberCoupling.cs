using CallGraph.Aggregation;
using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Analysis;

/// <summary>
/// Scores how strongly each roster member is coupled to its group. Every signal is measured against
/// the group's own typical member (its median), so a 12-person office and a 3,000-person bank are
/// judged by their own standards: a member as tied, as embedded, as timed and as placed as the group's
/// median member scores 1.
/// </summary>
public static class MemberCoupling
{
    /// <summary>Assesses every member of the group drawn by <paramref name="graph"/>.</summary>
    public static MemberAssessment[] Assess(GroupGraph graph, CallAggregate aggregate, NumberPlan plan, CouplingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(plan);
        var result = new MemberAssessment[graph.MemberCount];
        Assess(graph, aggregate, plan, options ?? new CouplingOptions(), new Scratch(), result, EntriesReached.Count(aggregate), RostersOfEntries(aggregate.Roster));
        return result;
    }

    /// <summary>Working arrays of <see cref="Assess(GroupGraph, CallAggregate, NumberPlan, CouplingOptions, Scratch, Span{MemberAssessment}, EntriesReached, int[])"/>, reused by a worker from group to group.</summary>
    internal sealed class Scratch
    {
        public RawSignals[] Raw = [];
        public ContactKind[] Kinds = [];
        public bool[] Strong = [];
        public double[] Scores = [];
        public double[] Values = [];
        public CouplingCredits[] Credits = [];
        public ulong[] Cells = [];
        public double[] Bars = new double[SignalDescriptor.All.Length];   // per descriptor: the group's bar
        public double[] Shown = new double[SignalDescriptor.All.Length];  // per descriptor: the median its reason quotes
        public readonly ReasonText Text = new();
    }

    /// <summary>What a contact counts as in a member's signals.</summary>
    internal enum ContactKind : byte
    {
        /// <summary>A service number: left out of the outside traffic.</summary>
        Excluded,

        /// <summary>A real line that fewer members than the shared-contact bar talk to.</summary>
        Own,

        /// <summary>A real line that enough members talk to: part of the group's shared circle.</summary>
        Shared,
    }

    /// <summary>
    /// Per roster entry, how many rosters its number is on. Most numbers are on one, so only the numbers on
    /// several are looked up; taken once per run and shared by every group's assessment.
    /// </summary>
    internal static int[] RostersOfEntries(Roster roster)
    {
        var rosters = new int[roster.EntryCount];
        rosters.AsSpan().Fill(1);
        foreach (var number in roster.NumbersOnSeveralRosters)
        {
            int n = 0;
            for (int e = roster.FirstEntryOf(number); e >= 0; e = roster.NextEntryOfSameNumber(e)) n++;
            for (int e = roster.FirstEntryOf(number); e >= 0; e = roster.NextEntryOfSameNumber(e)) rosters[e] = n;
        }
        return rosters;
    }

    /// <summary>Assesses every member of the group into <paramref name="result"/> (one per member, in roster order).</summary>
    internal static void Assess(GroupGraph graph, CallAggregate aggregate, NumberPlan plan, CouplingOptions options, Scratch scratch, Span<MemberAssessment> result, EntriesReached reach, int[] rostersOfEntries)
    {
        var group = graph.Group;
        var roster = aggregate.Roster;
        int m = graph.MemberCount;
        var raw = ScratchArray.Ensure(ref scratch.Raw, m).AsSpan(0, m);
        raw.Clear();

        // Which contacts are real lines (not service numbers), and which of those enough members talk to.
        int contactCount = graph.ContactCount;
        var kinds = ScratchArray.Ensure(ref scratch.Kinds, contactCount);
        var contacts = graph.Contacts;
        for (int c = 0; c < contactCount; c++)
            kinds[c] = NumberPlan.IsExcluded(contacts[c]) ? ContactKind.Excluded
                : graph.MembersOfContact(m + c).Length >= options.SharedContactMinMembers ? ContactKind.Shared
                : ContactKind.Own;

        var mainCells = MainCells(aggregate, group.FirstEntry, m, options, scratch);
        Span<double> groupProfile = stackalloc double[CallAggregator.ProfileBins];
        groupProfile.Clear();
        for (int i = 0; i < m; i++)
        {
            var p = aggregate.ProfileOf(group.FirstEntry + i);
            for (int b = 0; b < groupProfile.Length; b++) groupProfile[b] += p[b];
        }

        for (int i = 0; i < m; i++)
        {
            ref RawSignals r = ref raw[i];
            var pairs = graph.PairsOf(i);
            var targets = graph.NeighboursOf(i);
            long outsideEvents = 0, sharedEvents = 0, colleagueEvents = 0, workEvents = 0, seconds = 0;
            int events = 0, calls = 0, sms = 0, colleagues = 0, reciprocalTies = 0, realContacts = 0;
            double embedded = 0;
            // The member's own entries are among those that reach each of its contacts: they do not count.
            int ownEntries = rostersOfEntries[group.FirstEntry + i];
            for (int j = 0; j < pairs.Length; j++)
            {
                ref readonly var p = ref pairs[j];
                int ev = p.Events;
                events += ev;
                calls += p.Calls;
                sms += p.Sms;
                seconds += p.Seconds;
                workEvents += p.WorkHourEvents;
                int node = targets[j];
                int inGroup; // this group's entries that talk to the contact, the member included
                if (node < m)
                {
                    colleagues++;
                    colleagueEvents += ev;
                    if (p.IsReciprocal) reciprocalTies++;
                    inGroup = graph.ColleagueEdgesOf(node).Length;
                }
                else
                {
                    var kind = kinds[node - m];
                    if (kind == ContactKind.Excluded) continue;
                    outsideEvents += ev;
                    if (kind == ContactKind.Shared) sharedEvents += ev;
                    inGroup = graph.MembersOfContact(node).Length;
                }
                realContacts++;
                int others = reach.Of(p.Other) - ownEntries;
                if (others > 0) embedded += Math.Min(1, (double)(inGroup - 1) / others);
            }
            r.Events = events;
            r.Calls = calls;
            r.Sms = sms;
            r.Seconds = seconds;
            r.ColleaguesReached = colleagues;
            r.Contacts = pairs.Length;
            r.InsideShare = Ratio(colleagueEvents, r.Events);
            r.Reciprocity = Ratio(reciprocalTies, r.ColleaguesReached);
            r.SharedCircle = Ratio(sharedEvents, outsideEvents);
            r.WorkingHoursShare = Ratio(workEvents, r.Events);
            r.Embeddedness = realContacts == 0 ? 0 : Math.Round(embedded / realContacts, 4);
            r.ProfileSimilarity = ProfileSimilarity(aggregate.ProfileOf(group.FirstEntry + i), groupProfile, out r.TimeFit);
            r.PlaceShare = PlaceShare(aggregate.CellsOf(group.FirstEntry + i), mainCells);
        }
        // Inactive: fewer events than the bar, which is the option's count but never more than a twentieth of the
        // group's median member, so a dump in which most people are quiet does not call most people inactive.
        var eventCounts = ScratchArray.Ensure(ref scratch.Values, m);
        for (int i = 0; i < m; i++) eventCounts[i] = raw[i].Events;
        double inactiveBar = Math.Max(1, Math.Min(options.MinActiveEvents, options.InactiveShareOfMedian * MedianInPlace(eventCounts.AsSpan(0, m))));
        for (int i = 0; i < m; i++) raw[i].Inactive = raw[i].Events < inactiveBar;

        bool scored = m >= options.MinGroupSize;
        var scores = ScratchArray.Ensure(ref scratch.Scores, m).AsSpan(0, m);
        scores.Clear();
        // The bars that rest on signals neither pass changes are taken once.
        if (scored) GroupBars(raw, scratch, perPass: false);
        if (scored)
        {
            // Pass 1 counts every colleague; pass 2 only colleagues who are not themselves weakly
            // coupled, so a ring of relatives calling each other does not vouch for itself.
            var strong = ScratchArray.Ensure(ref scratch.Strong, m).AsSpan(0, m);
            strong.Fill(true);
            Score(graph, raw, strong, options, scores, scratch);
            for (int i = 0; i < m; i++) strong[i] = scores[i] >= options.GenuineThreshold;
            Score(graph, raw, strong, options, scores, scratch);
        }

        string? unscored = scored ? null : $"group has {m} members, fewer than {options.MinGroupSize}: not scored";
        for (int i = 0; i < m; i++)
        {
            ref RawSignals r = ref raw[i];
            var number = roster.NumberOf(group.FirstEntry + i);
            Verdict verdict = !scored ? Verdict.Unscored
                : scores[i] >= options.GenuineThreshold ? Verdict.Genuine
                : scores[i] < options.FakeThreshold ? Verdict.Fake
                : Verdict.Suspect;
            int otherRosters = rostersOfEntries[group.FirstEntry + i];
            string reasons = unscored ?? Explain(r, m - 1, scratch.Shown, m < options.FullConfidenceGroupSize, scratch.Text);
            result[i] = new MemberAssessment(group.GroupId, number, verdict, Math.Round(scores[i], 4),
                plan.OperatorName(plan.Describe(number).Operator), r.Events, r.Calls, r.Sms, r.Seconds, r.Contacts,
                r.ColleaguesReached, m - 1, r.InsideShare, r.Reciprocity, r.SharedCircle, r.WorkingHoursShare,
                r.ProfileSimilarity, r.PlaceShare, r.Inactive, otherRosters - 1, reasons) { Embeddedness = r.Embeddedness, Credits = scored ? scratch.Credits[i] : default, AddedSignals = SignalColumnValues.Measure(in r) };
        }
    }

    internal struct RawSignals
    {
        public int Events, Calls, Sms, Contacts, ColleaguesReached, StrongColleagues;
        public long Seconds, StrongEvents;
        public double InsideShare, Reciprocity, SharedCircle, WorkingHoursShare, ProfileSimilarity, TimeFit, Embeddedness;
        public double? PlaceShare;
        public bool Inactive;
    }

    /// <summary>
    /// The group's bars (and the medians the reasons quote) of the signals whose bar is taken once
    /// (<paramref name="perPass"/> false) or anew in each scoring pass (true): each the median of the signal's
    /// samples over its <see cref="SignalDescriptor.Population"/>, members without a sample left out.
    /// </summary>
    private static void GroupBars(ReadOnlySpan<RawSignals> raw, Scratch scratch, bool perPass)
    {
        bool anyActive = false;
        foreach (ref readonly var r in raw) anyActive |= !r.Inactive;
        var values = ScratchArray.Ensure(ref scratch.Values, raw.Length);
        double Median(SignalMeasure sample, BarPopulation population, ReadOnlySpan<RawSignals> raw)
        {
            bool all = population == BarPopulation.ActiveOrAll && !anyActive;
            int n = 0;
            foreach (ref readonly var r in raw)
            {
                if (!all && r.Inactive) continue;
                double v = sample(in r);
                if (!double.IsNaN(v)) values[n++] = v;
            }
            return MedianInPlace(values.AsSpan(0, n));
        }
        var descriptors = SignalDescriptor.All;
        for (int d = 0; d < descriptors.Length; d++)
        {
            var descriptor = descriptors[d];
            if (descriptor.BarPerPass != perPass) continue;
            double median = descriptor.Signal is null ? double.NaN : Median(descriptor.Sample, descriptor.Population, raw);
            scratch.Bars[d] = descriptor.Signal is null ? double.NaN : descriptor.BarOfMedian(median);
            scratch.Shown[d] = descriptor.Shown is { } shown ? Median(shown, descriptor.Population, raw) : median;
        }
    }

    /// <summary>
    /// The median (the middle value, or the mean of the two middle values; 0 when empty), reordering the span:
    /// the middle values are selected rather than the whole span sorted. The values are never NaN.
    /// </summary>
    internal static double MedianInPlace(Span<double> v)
    {
        if (v.Length == 0) return 0;
        int half = v.Length / 2;
        double upper = Select(v, half);
        if (v.Length % 2 == 1) return upper;
        // Everything before the selected position is at most it, so the lower middle value is their largest.
        double lower = v[0];
        for (int i = 1; i < half; i++) lower = Math.Max(lower, v[i]);
        return (lower + upper) / 2;
    }

    /// <summary>
    /// The value that sorting would put at position <paramref name="k"/>, leaving every value before that
    /// position at most it (Hoare's selection, median-of-three pivots).
    /// </summary>
    private static double Select(Span<double> v, int k)
    {
        int lo = 0, hi = v.Length - 1;
        while (lo < hi)
        {
            double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
            double pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j)
                {
                    (v[i], v[j]) = (v[j], v[i]);
                    i++;
                    j--;
                }
            }
            // Now v[lo..j] <= pivot <= v[i..hi], and anything between equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return v[k];
        }
        return v[k];
    }

    /// <summary>
    /// The coupling score: the weighted mean of the credits, one per <see cref="SignalDescriptor"/> with a signal (weights in
    /// <see cref="CouplingOptions.Weights"/>, each default stated and argued in its descriptor), each the member's signal
    /// against the group's median active member (full credit at the median, none at zero), so every bar is the group's
    /// own. What each signal measures and its bar: the descriptor's <see cref="SignalDescriptor.Measure"/> and
    /// <see cref="SignalDescriptor.Bar"/> (ties, inside, embeddedness, circle, time, place).
    /// A signal whose group median is 0 (e.g. a group whose members share no contacts) says nothing about this group
    /// and drops out, the remaining weights renormalised. A member with no events scores 0; inactivity is otherwise a flag and a reason.
    /// Each member's credits are kept in <see cref="Scratch.Credits"/> (absent ones NaN), so that the score is their
    /// <see cref="CouplingCredits.WeightedMean"/> and labels can fit the weights.
    /// </summary>
    private static void Score(GroupGraph graph, Span<RawSignals> raw, ReadOnlySpan<bool> strong, CouplingOptions o, Span<double> scores, Scratch scratch)
    {
        int m = raw.Length;
        for (int i = 0; i < m; i++)
        {
            int count = 0;
            long events = 0;
            var targets = graph.NeighboursOf(i);
            var pairs = graph.PairsOf(i);
            foreach (int j in graph.ColleagueEdgesOf(i))
                if (strong[targets[j]])
                {
                    count++;
                    events += pairs[j].Events;
                }
            raw[i].StrongColleagues = count;
            raw[i].StrongEvents = events;
        }
        GroupBars(raw, scratch, perPass: true);
        var credits = ScratchArray.Ensure(ref scratch.Credits, m);
        var descriptors = SignalDescriptor.All;
        var weightOf = o.Weights;
        Span<double> credit = stackalloc double[CouplingSignals.Count];
        for (int i = 0; i < m; i++)
        {
            ref RawSignals r = ref raw[i];
            double weighted = 0, weights = 0;
            for (int d = 0; d < descriptors.Length; d++)
            {
                var descriptor = descriptors[d];
                if (descriptor.Signal is not CouplingSignal signal) continue;
                // A bar that is not positive (a median of 0: the signal says nothing about this group) leaves the credit absent.
                double bar = scratch.Bars[d];
                double c = bar > 0 ? descriptor.CreditOf(descriptor.ValueOf(in r), bar) : double.NaN;
                credit[(int)signal] = c;
                if (double.IsNaN(c)) continue;
                double weight = weightOf[signal];
                weighted += weight * c;
                weights += weight;
            }
            credits[i] = CouplingCredits.FromScores(credit);
            double score = weights > 0 ? weighted / weights : 0;
            if (r.Events == 0) score = 0;
            scores[i] = score;
        }
    }

    /// <summary>
    /// The group's main cells, ascending: cells where at least the bar's number of members have working-hours
    /// events. A member's cells are distinct, so after sorting every member's working-hours cells together,
    /// the length of a cell's run is its member count.
    /// </summary>
    private static ReadOnlySpan<ulong> MainCells(CallAggregate aggregate, int firstEntry, int m, CouplingOptions o, Scratch scratch)
    {
        int total = 0;
        for (int i = 0; i < m; i++) total += aggregate.CellsOf(firstEntry + i).Length;
        var cells = ScratchArray.Ensure(ref scratch.Cells, total);
        int n = 0;
        for (int i = 0; i < m; i++)
            foreach (ref readonly var c in aggregate.CellsOf(firstEntry + i))
                if (c.WorkHourEvents > 0) cells[n++] = c.Cell;
        cells.AsSpan(0, n).Sort();
        int bar = Math.Max(3, (int)Math.Ceiling(o.MainCellMemberShare * m));
        int main = 0;
        for (int run = 0; run < n;)
        {
            int end = run + 1;
            while (end < n && cells[end] == cells[run]) end++;
            if (end - run >= bar) cells[main++] = cells[run];
            run = end;
        }
        return cells.AsSpan(0, main);
    }

    private static double? PlaceShare(ReadOnlySpan<CellCount> cells, ReadOnlySpan<ulong> mainCells)
    {
        if (cells.Length == 0) return null;
        long total = 0, inMain = 0;
        foreach (ref readonly var c in cells)
        {
            total += c.Events;
            if (mainCells.BinarySearch(c.Cell) >= 0) inMain += c.Events;
        }
        return Ratio(inMain, total);
    }

    /// <summary>
    /// Cosine similarity of the member's profile with the rest of the group's, and <paramref name="fit"/>: that
    /// similarity divided by the one expected of <c>n</c> events drawn from the rest of the group's profile
    /// <c>p</c>, about <c>|p| / sqrt((1 - |p|²)/n + |p|²)</c>, so that a quiet member is not judged off-rhythm
    /// for having few events. Capped at 1.5 so that one signal cannot carry the score.
    /// </summary>
    private static double ProfileSimilarity(ReadOnlySpan<int> member, ReadOnlySpan<double> group, out double fit)
    {
        double dot = 0, mm = 0, gg = 0, n = 0, total = 0;
        for (int b = 0; b < group.Length; b++)
        {
            double g = group[b] - member[b]; // the rest of the group
            dot += member[b] * g;
            mm += (double)member[b] * member[b];
            gg += g * g;
            n += member[b];
            total += g;
        }
        fit = 0;
        if (mm == 0 || gg == 0) return 0;
        double similarity = dot / Math.Sqrt(mm * gg);
        double pp = gg / (total * total); // |p|² of the rest of the group's profile as a distribution
        double expected = Math.Sqrt(pp) / Math.Sqrt((1 - pp) / n + pp);
        fit = Math.Round(Math.Min(1.5, similarity / expected), 4);
        return Math.Round(similarity, 4);
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string Explain(in RawSignals r, int colleagues, double[] shown, bool smallRoster, ReasonText text)
    {
        // Reasons joined with "; " as they are appended (no list, no per-reason strings): each signal's fragment in turn.
        text.Clear();
        if (r.Inactive) text.Append($"inactive: {r.Events} events in the period; ");
        var descriptors = SignalDescriptor.All;
        for (int d = 0; d < descriptors.Length; d++)
        {
            var descriptor = descriptors[d];
            if (descriptor.Reason is null || (descriptor.ReasonNeedsEvents && r.Events == 0)) continue;
            descriptor.Reason(text, in r, colleagues, shown[d]);
        }
        if (smallRoster) text.Append($"; lower confidence: judged against only {colleagues} colleagues");
        return text.ToString();
    }
}
